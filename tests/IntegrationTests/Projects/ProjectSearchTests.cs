using System.Net;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary><c>GET /api/projects?q=&amp;limit=&amp;after=</c>: searching and paging the project picker's list.</summary>
[Collection(ServiceHostsCollection.Name)]
public class ProjectSearchTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task A_search_finds_a_part_of_the_name_or_id_ignoring_case()
    {
        var tenant = NewTenant();
        var tower = await CreateAsync(tenant, "North TOWER 7 – Façade");
        var garage = await CreateAsync(tenant, "Garage");
        await CreateAsync(tenant, "Bridge");
        using var admin = hosts.CreateAdminClient(tenant);

        Assert.Equal([tower], await IdsAsync(admin, "q=tower%207"));
        Assert.Equal([tower], await IdsAsync(admin, "q=FA%C3%87ADE"));
        Assert.Equal([garage], await IdsAsync(admin, $"q={garage[^6..].ToUpperInvariant()}"));
        Assert.Equal([tower], await IdsAsync(admin, "q=%20%20north%20%20"));
        Assert.Empty(await IdsAsync(admin, "q=tunnel"));
        Assert.Equal(3, (await IdsAsync(admin, "q=%20")).Count);
    }

    [Fact]
    public async Task Percent_underscore_and_backslash_match_only_themselves()
    {
        var tenant = NewTenant();
        var percent = await CreateAsync(tenant, "Budget 50% done");
        await CreateAsync(tenant, "Budget 500 done");
        var underscore = await CreateAsync(tenant, "site_a");
        await CreateAsync(tenant, "siteXa");
        var backslash = await CreateAsync(tenant, @"Plans C:\north");
        await CreateAsync(tenant, "Plans C:north");
        using var admin = hosts.CreateAdminClient(tenant);

        Assert.Equal([percent], await IdsAsync(admin, "q=50%25"));
        Assert.Equal([underscore], await IdsAsync(admin, "q=e_a"));
        Assert.Equal([backslash], await IdsAsync(admin, "q=c%3A%5Cn"));
        Assert.Empty(await IdsAsync(admin, "q=%25%25"));
        Assert.Empty(await IdsAsync(admin, "q=_____________"));
    }

    [Fact]
    public async Task Paging_with_cursors_visits_every_project_once_in_name_then_id_order()
    {
        var tenant = NewTenant();
        var created = new List<(string Name, string Id)>();
        foreach (var name in new[] { "Alpha", "Beta", "Beta", "Beta", "Gamma", "Delta", "Epsilon", "Alpha" })
        {
            created.Add((name, await CreateAsync(tenant, name)));
        }

        using var admin = hosts.CreateAdminClient(tenant);
        var expected = created.OrderBy(project => project.Name, StringComparer.Ordinal)
            .ThenBy(project => project.Id, StringComparer.Ordinal).Select(project => project.Id).ToList();

        foreach (var pageSize in new[] { 1, 2, 3, 8 })
        {
            var (seen, pages) = await ReadAllAsync(admin, $"limit={pageSize}");
            Assert.Equal(expected, seen);
            Assert.Equal((expected.Count + pageSize - 1) / pageSize, pages);
        }

        var (searched, _) = await ReadAllAsync(admin, "q=bEtA&limit=2");
        Assert.Equal(expected.Where(id => created.Single(project => project.Id == id).Name == "Beta"), searched);
    }

    [Fact]
    public async Task A_member_searches_their_own_projects_and_a_tenant_admin_every_project()
    {
        var tenant = NewTenant();
        var user = $"u-{Guid.NewGuid():N}"[..12];
        var mine = await CreateAsync(tenant, "Tower A", new() { [user] = "VIEWER" });
        var alsoMine = await CreateAsync(tenant, "Tower B", new() { [user] = "UPLOADER" });
        var notMine = await CreateAsync(tenant, "Tower C", new() { ["someone-else"] = "MANAGER" });
        using var member = hosts.CreateClient(user, tenant);
        using var admin = hosts.CreateAdminClient(tenant);

        var (memberSees, memberPages) = await ReadAllAsync(member, "q=tower&limit=1");
        var (adminSees, _) = await ReadAllAsync(admin, "q=tower&limit=2");

        Assert.Equal([mine, alsoMine], memberSees);
        Assert.Equal(2, memberPages);
        Assert.Equal([mine, alsoMine, notMine], adminSees);
        var page = (await ApiCalls.GetJsonAsync(member, "api/projects?q=tower%20b")).GetProperty("projects")[0];
        Assert.Equal("UPLOADER", page.GetProperty("role").GetString());
        Assert.True(page.GetProperty("canUpload").GetBoolean());
    }

    [Fact]
    public async Task A_project_of_another_tenant_never_appears()
    {
        var tenant = NewTenant();
        var otherTenant = NewTenant();
        var user = $"u-{Guid.NewGuid():N}"[..12];
        var here = await CreateAsync(tenant, "Shared name", new() { [user] = "UPLOADER" });
        var there = await CreateAsync(otherTenant, "Shared name", new() { [user] = "UPLOADER" });
        using var member = hosts.CreateClient(user, tenant, tenant, otherTenant);
        using var admin = hosts.CreateAdminClient(tenant);

        Assert.Equal([here], (await ReadAllAsync(member, "q=shared&limit=1")).Ids);
        Assert.Equal([here], (await ReadAllAsync(admin, "q=shared&limit=1")).Ids);
        Assert.Empty(await IdsAsync(admin, $"q={there}"));
    }

    [Theory]
    [InlineData("q=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "invalid_search")]
    [InlineData("q=tower%00", "invalid_search")]
    [InlineData("q=tow%0Aer", "invalid_search")]
    [InlineData("q=tow%1Ber", "invalid_search")]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=501", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("limit=-1", "invalid_limit")]
    [InlineData("after=garbage", "invalid_cursor")]
    [InlineData("after=%27%3B%20DROP%20TABLE%20projects%3B--", "invalid_cursor")]
    [InlineData("after=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid_cursor")]
    public async Task A_bad_search_limit_or_cursor_is_a_problem_with_its_code(string query, string code)
    {
        using var client = hosts.CreateClient("dora", "acme");

        await ProblemAssert.IsProblemAsync(await client.GetAsync($"api/projects?{query}"), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_cursor_works_only_for_the_caller_and_search_it_was_issued_for()
    {
        var tenant = NewTenant();
        var user = $"u-{Guid.NewGuid():N}"[..12];
        await CreateAsync(tenant, "Tower A", new() { [user] = "UPLOADER" });
        await CreateAsync(tenant, "Tower B", new() { [user] = "UPLOADER" });
        using var member = hosts.CreateClient(user, tenant);
        using var other = hosts.CreateClient($"{user}-x", tenant);
        using var admin = hosts.CreateAdminClient(tenant);
        var cursor = (await ApiCalls.GetJsonAsync(member, "api/projects?q=tower&limit=1")).GetProperty("nextCursor").GetString()!;

        Assert.Single(await IdsAsync(member, $"q=tower&limit=1&after={cursor}"));
        foreach (var (client, query) in new[] { (member, "q=towe"), (member, ""), (other, "q=tower"), (admin, "q=tower") })
        {
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"api/projects?{query}&after={cursor}"),
                HttpStatusCode.BadRequest, "invalid_cursor");
        }
    }

    private static string NewTenant() => $"t-{Guid.NewGuid():N}"[..20];

    private Task<string> CreateAsync(string tenant, string name, Dictionary<string, string>? members = null) =>
        TestProjects.CreateAsync(hosts, tenant, members ?? [], name: name);

    private static async Task<List<string>> IdsAsync(HttpClient client, string query) =>
        [.. Ids(await ApiCalls.GetJsonAsync(client, $"api/projects?{query}"))];

    /// <summary>Every page of a listing, following nextCursor: the ids in order and how many pages it took.</summary>
    private static async Task<(List<string> Ids, int Pages)> ReadAllAsync(HttpClient client, string query)
    {
        var ids = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await ApiCalls.GetJsonAsync(client, cursor is null ? $"api/projects?{query}" : $"api/projects?{query}&after={cursor}");
            ids.AddRange(Ids(page));
            pages++;
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.True(pages <= 100, "The cursor does not move on.");
        }
        while (cursor is not null);

        return (ids, pages);
    }

    private static IEnumerable<string> Ids(JsonElement page) =>
        page.GetProperty("projects").EnumerateArray().Select(project => project.GetProperty("projectId").GetString()!);
}
