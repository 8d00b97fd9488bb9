using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary><c>GET /api/projects</c>: the project picker's list, from the project tables.</summary>
[Collection(ServiceHostsCollection.Name)]
public class ProjectListingTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task A_member_sees_the_projects_of_the_tenant_they_belong_to_with_their_role_and_nothing_else()
    {
        var user = $"u-{Guid.NewGuid():N}"[..12];
        var uploading = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string> { [user] = "UPLOADER" });
        var viewing = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string> { [user] = "VIEWER" });
        await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string> { ["someone-else"] = "MANAGER" });
        await TestProjects.CreateAsync(hosts, "globex", new Dictionary<string, string> { [user] = "MANAGER" });
        using var client = hosts.CreateClient(user, "acme");

        var projects = await ListAsync(client);

        Assert.Equal(
            new[] { (uploading, "UPLOADER", true), (viewing, "VIEWER", false) }.OrderBy(project => $"Test project {project.Item1}", StringComparer.Ordinal),
            projects.Select(project => (project.GetProperty("projectId").GetString()!, project.GetProperty("role").GetString()!,
                project.GetProperty("canUpload").GetBoolean())));
        Assert.All(projects, project => Assert.StartsWith("Test project ", project.GetProperty("name").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_admin_sees_every_project_of_the_tenant_but_uploads_only_where_a_member()
    {
        // A tenant of its own: the shared database keeps every earlier run's projects, and the list is capped.
        var tenant = $"t-{Guid.NewGuid():N}"[..20];
        var member = await TestProjects.CreateAsync(hosts, tenant, new Dictionary<string, string> { [TestProjects.AdminUser] = "MANAGER" });
        var other = await TestProjects.CreateAsync(hosts, tenant, new Dictionary<string, string> { ["someone-else"] = "UPLOADER" });
        using var admin = hosts.CreateAdminClient(tenant);

        var projects = (await ListAsync(admin)).ToDictionary(project => project.GetProperty("projectId").GetString()!);

        Assert.Equal(2, projects.Count);
        Assert.Equal("MANAGER", projects[member].GetProperty("role").GetString());
        Assert.True(projects[member].GetProperty("canUpload").GetBoolean());
        Assert.Equal(JsonValueKind.Null, projects[other].GetProperty("role").ValueKind);
        Assert.False(projects[other].GetProperty("canUpload").GetBoolean());
    }

    [Fact]
    public async Task A_development_token_minted_over_HTTP_works_on_the_API()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "dora");
        using var anonymous = hosts.CreateAnonymousClient();

        var minted = await anonymous.PostAsJsonAsync("api/dev/token", new { userId = "dora", tenants = new[] { "acme" } });
        var refused = await anonymous.PostAsJsonAsync("api/dev/token", new { userId = "dora", tenants = new[] { "acme" }, role = "root" });

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "invalid_request");
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var dora = hosts.CreateAnonymousClient();
        dora.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        dora.DefaultRequestHeaders.Add("X-Tenant-ID", "acme");
        Assert.Contains(await ListAsync(dora), project => project.GetProperty("projectId").GetString() == projectId);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client) =>
        [.. (await ApiCalls.GetJsonAsync(client, "api/projects")).GetProperty("projects").EnumerateArray()];
}
