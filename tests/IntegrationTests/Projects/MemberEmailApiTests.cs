using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;
using Npgsql;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>A member's email address (where their digest goes), set with their membership through the real gateway.</summary>
[Collection(ServiceHostsCollection.Name)]
public class MemberEmailApiTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task An_address_given_with_the_role_is_kept_through_role_changes_and_removed_when_empty()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");
        var path = $"api/projects/{projectId}/members/gina";

        (await admin.PutAsJsonAsync(path, new { role = "UPLOADER", email = " gina@site.example " })).EnsureSuccessStatusCode();
        var afterAdd = await EmailOfAsync(admin, projectId, "gina");
        (await admin.PutAsJsonAsync(path, new { role = "MANAGER" })).EnsureSuccessStatusCode();
        var afterRoleChange = await EmailOfAsync(admin, projectId, "gina");
        var storedRow = await StoredEmailAsync(projectId, "gina");
        (await admin.PutAsJsonAsync(path, new { role = "MANAGER", email = "" })).EnsureSuccessStatusCode();

        Assert.Equal("gina@site.example", afterAdd);
        Assert.Equal("gina@site.example", afterRoleChange);
        Assert.Equal("gina@site.example", storedRow);
        Assert.Null(await EmailOfAsync(admin, projectId, "gina"));
        Assert.Null(await StoredEmailAsync(projectId, "gina"));
    }

    [Fact]
    public async Task An_address_that_is_not_one_plain_mailbox_is_refused()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");

        var response = await admin.PutAsJsonAsync($"api/projects/{projectId}/members/hal",
            new { role = "VIEWER", email = "Hal <hal@site.example>, eve@site.example" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_email");
        Assert.Equal(0, (await ApiCalls.GetJsonAsync(admin, $"api/projects/{projectId}")).GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Members_who_do_not_manage_the_project_see_only_their_own_address()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");
        (await admin.PutAsJsonAsync($"api/projects/{projectId}/members/ivy", new { role = "UPLOADER", email = "ivy@site.example" }))
            .EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"api/projects/{projectId}/members/joe", new { role = "MANAGER", email = "joe@site.example" }))
            .EnsureSuccessStatusCode();
        using var ivy = hosts.CreateClient("ivy", "acme");
        using var joe = hosts.CreateClient("joe", "acme");

        Assert.Equal("ivy@site.example", await EmailOfAsync(ivy, projectId, "ivy"));
        Assert.Null(await EmailOfAsync(ivy, projectId, "joe"));
        Assert.Equal("ivy@site.example", await EmailOfAsync(joe, projectId, "ivy"));
    }

    private static async Task<string?> EmailOfAsync(HttpClient client, string projectId, string userId) =>
        (await ApiCalls.GetJsonAsync(client, $"api/projects/{projectId}")).GetProperty("members").EnumerateArray()
            .Single(member => member.GetProperty("userId").GetString() == userId).GetProperty("email").GetString();

    // The project grain writes its rows before it answers a change.
    private static async Task<string?> StoredEmailAsync(string projectId, string userId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT email FROM project_members WHERE tenant_id = 'acme' AND project_id = $1 AND user_id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = projectId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteScalarAsync() as string;
    }
}
