using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Access;

/// <summary>Tenant and project ids follow one grammar everywhere they enter: the tenant header, creation, every route.</summary>
[Collection(ServiceHostsCollection.Name)]
public class IdGrammarTests(ServiceHostsFixture hosts)
{
    [Theory]
    [InlineData("ACME")]
    [InlineData("ac_me")]
    [InlineData("-acme")]
    public async Task An_X_Tenant_ID_outside_the_grammar_is_tenant_id_invalid_even_when_the_token_lists_it(string tenant)
    {
        using var client = hosts.CreateClient("alice", tenant, tenant);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("api/projects"), HttpStatusCode.BadRequest, "tenant_id_invalid");
    }

    [Theory]
    [InlineData("acme/tower-7")]
    [InlineData("Tower_7")]
    [InlineData("tower-7-")]
    public async Task A_project_cannot_be_created_with_an_id_outside_the_grammar(string projectId)
    {
        using var admin = hosts.CreateAdminClient("acme");

        var response = await admin.PostAsJsonAsync("api/projects", new { projectId, name = "Bad" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "project_id_invalid");
    }

    [Theory]
    [InlineData("api/projects/a%2Fb")]
    [InlineData("api/projects/a%2Fb/quota")]
    [InlineData("api/projects/Tower_7/uploads")]
    [InlineData("api/projects/a%2F..%2Fb/events")]
    [InlineData("api/projects/T7/members/bob")]
    public async Task Every_project_route_refuses_an_id_outside_the_grammar(string path)
    {
        using var admin = hosts.CreateAdminClient("acme");

        var response = path.EndsWith("/bob", StringComparison.Ordinal)
            ? await admin.PutAsJsonAsync(path, new { role = "VIEWER" })
            : await admin.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "project_id_invalid");
    }

    [Fact]
    public async Task A_project_id_with_a_slash_cannot_reach_another_projects_record()
    {
        var target = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");

        // Before the grammar, "{target}/x" made the grain key acme/{target}/x, which read back as project {target}.
        var response = await admin.PostAsJsonAsync("api/projects", new { projectId = $"{target}/x", name = "Alias" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "project_id_invalid");
        var project = await ApiCalls.GetJsonAsync(admin, $"api/projects/{target}");
        Assert.Equal($"Test project {target}", project.GetProperty("name").GetString());
    }
}
