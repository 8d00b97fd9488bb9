using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>Who may create, see and change projects, through the real gateway.</summary>
[Collection(ServiceHostsCollection.Name)]
public class ProjectsApiTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task A_tenant_admin_creates_a_project_with_default_limits()
    {
        using var admin = hosts.CreateAdminClient("acme");
        var projectId = $"p-{Guid.NewGuid():N}"[..20];

        var created = await admin.PostAsJsonAsync("api/projects", new { projectId, name = "Tower 7" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await ApiCalls.GetJsonAsync(admin, $"api/projects/{projectId}");
        Assert.Equal("Tower 7", project.GetProperty("name").GetString());
        Assert.Equal(100L * 1024 * 1024, project.GetProperty("limits").GetProperty("maxFileSizeBytes").GetInt64());
        Assert.Equal(0, project.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Creating_a_project_twice_is_a_conflict()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");

        var again = await admin.PostAsJsonAsync("api/projects", new { projectId, name = "Again" });

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "project_exists");
    }

    [Fact]
    public async Task Only_a_tenant_admin_creates_projects()
    {
        using var user = hosts.CreateClient("alice", "acme");

        var response = await user.PostAsJsonAsync("api/projects", new { projectId = "mine", name = "Mine" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "not_permitted");
    }

    [Fact]
    public async Task Limits_that_are_not_positive_are_refused()
    {
        using var admin = hosts.CreateAdminClient("acme");

        var response = await admin.PostAsJsonAsync("api/projects",
            new { projectId = $"p-{Guid.NewGuid():N}"[..20], name = "Bad", limits = new { maxFiles = 0 } });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_limits");
    }

    [Fact]
    public async Task A_manager_adds_members_and_an_uploader_cannot()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme",
            new Dictionary<string, string> { ["mona"] = "MANAGER", ["uli"] = "UPLOADER" });
        using var manager = hosts.CreateClient("mona", "acme");
        using var uploader = hosts.CreateClient("uli", "acme");

        var byManager = await manager.PutAsJsonAsync($"api/projects/{projectId}/members/vic", new { role = "VIEWER" });
        var byUploader = await uploader.PutAsJsonAsync($"api/projects/{projectId}/members/eve", new { role = "MANAGER" });

        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        await ProblemAssert.IsProblemAsync(byUploader, HttpStatusCode.Forbidden, "not_permitted");
        var members = (await ApiCalls.GetJsonAsync(manager, $"api/projects/{projectId}")).GetProperty("members")
            .EnumerateArray().Select(member => (member.GetProperty("userId").GetString(), member.GetProperty("role").GetString()));
        Assert.Equal([("mona", "MANAGER"), ("uli", "UPLOADER"), ("vic", "VIEWER")], members);
    }

    [Fact]
    public async Task A_removed_member_no_longer_sees_the_project()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        using var admin = hosts.CreateAdminClient("acme");
        using var rita = hosts.CreateClient("rita", "acme");

        var removed = await admin.DeleteAsync($"api/projects/{projectId}/members/rita");
        var afterwards = await rita.GetAsync($"api/projects/{projectId}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        await ProblemAssert.IsProblemAsync(afterwards, HttpStatusCode.NotFound, "project_not_found");
    }

    [Fact]
    public async Task An_unknown_role_is_refused()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string>());
        using var admin = hosts.CreateAdminClient("acme");

        var response = await admin.PutAsJsonAsync($"api/projects/{projectId}/members/x", new { role = "OWNER" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_role");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/quota")]
    public async Task Outsiders_and_other_tenants_cannot_tell_a_project_exists(string suffix)
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var outsider = hosts.CreateClient("oscar", "acme");
        using var otherAdmin = hosts.CreateAdminClient("globex");
        using var member = hosts.CreateClient("alice", "acme");

        await ProblemAssert.IsProblemAsync(await outsider.GetAsync($"api/projects/{projectId}{suffix}"), HttpStatusCode.NotFound, "project_not_found");
        await ProblemAssert.IsProblemAsync(await otherAdmin.GetAsync($"api/projects/{projectId}{suffix}"), HttpStatusCode.NotFound, "project_not_found");
        await ProblemAssert.IsProblemAsync(await member.GetAsync($"api/projects/no-such-project{suffix}"), HttpStatusCode.NotFound, "project_not_found");
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"api/projects/{projectId}{suffix}")).StatusCode);
    }

    [Fact]
    public async Task Initiating_in_a_project_one_is_not_a_member_of_looks_like_no_project()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var outsider = hosts.CreateClient("oscar", "acme");
        using var otherTenant = hosts.CreateClient("alice", "globex");

        var byOutsider = await ApiCalls.InitiateAsync(outsider, projectId, ApiCalls.File("a.jpg", "image/jpeg", 10));
        var fromOtherTenant = await ApiCalls.InitiateAsync(otherTenant, projectId, ApiCalls.File("a.jpg", "image/jpeg", 10));

        await ProblemAssert.IsProblemAsync(byOutsider, HttpStatusCode.NotFound, "project_not_found");
        await ProblemAssert.IsProblemAsync(fromOtherTenant, HttpStatusCode.NotFound, "project_not_found");
    }

    [Fact]
    public async Task A_viewer_may_not_upload()
    {
        var projectId = await TestProjects.CreateAsync(hosts, "acme", new Dictionary<string, string> { ["vic"] = "VIEWER" });
        using var viewer = hosts.CreateClient("vic", "acme");

        var response = await ApiCalls.InitiateAsync(viewer, projectId, ApiCalls.File("a.jpg", "image/jpeg", 10));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "upload_not_permitted");
    }

    [Fact]
    public async Task A_file_above_the_projects_own_limit_is_refused()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice", new { maxFileSizeBytes = 1000 });
        using var alice = hosts.CreateClient("alice", "acme");

        var response = await ApiCalls.InitiateAsync(alice, projectId, ApiCalls.File("a.jpg", "image/jpeg", 1001));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "files_rejected");
        Assert.Equal("file_too_large", problem.GetProperty("files")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Changed_limits_apply_to_the_next_initiate()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var admin = hosts.CreateAdminClient("acme");
        using var alice = hosts.CreateClient("alice", "acme");

        var changed = await admin.PutAsJsonAsync($"api/projects/{projectId}/limits", new { maxTotalBytes = 50 });
        var response = await ApiCalls.InitiateAsync(alice, projectId, ApiCalls.File("a.jpg", "image/jpeg", 51));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "quota_bytes_exceeded");
        var quota = await ApiCalls.GetJsonAsync(alice, $"api/projects/{projectId}/quota");
        Assert.Equal(50, quota.GetProperty("limits").GetProperty("maxTotalBytes").GetInt64());
        Assert.Equal(100L * 1024 * 1024, quota.GetProperty("limits").GetProperty("maxFileSizeBytes").GetInt64());
    }
}
