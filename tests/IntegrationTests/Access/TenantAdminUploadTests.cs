using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Access;

/// <summary>
/// A tenant admin sees every project of the tenant but uploads only as a member: the refusal says so, once, and
/// says how to become one.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public class TenantAdminUploadTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task A_tenant_admin_who_created_a_project_is_told_how_to_become_a_member_to_upload_into_it()
    {
        using var admin = hosts.CreateAdminClient("acme");
        var projectId = $"a-{Guid.NewGuid():N}"[..24];
        (await admin.PostAsJsonAsync("api/projects", new { projectId, name = "Admin's own" })).EnsureSuccessStatusCode();

        var listed = (await ApiCalls.GetJsonAsync(admin, "api/projects")).GetProperty("projects").EnumerateArray()
            .Single(project => project.GetProperty("projectId").GetString() == projectId);
        Assert.False(listed.GetProperty("canUpload").GetBoolean());

        var refused = await ProblemAssert.IsProblemAsync(
            await ApiCalls.InitiateAsync(admin, projectId, ApiCalls.File("site.jpg", "image/jpeg", 1234)),
            HttpStatusCode.Forbidden, "upload_not_permitted");
        var title = refused.GetProperty("title").GetString();
        var detail = refused.GetProperty("detail").GetString();
        Assert.NotEqual(title, detail);
        var membersRoute = $"/api/projects/{projectId}/members/{TestProjects.AdminUser}";
        Assert.Contains(membersRoute, detail, StringComparison.Ordinal);

        // Doing what the detail says is enough.
        (await admin.PutAsJsonAsync(membersRoute.TrimStart('/'), new { role = "UPLOADER" })).EnsureSuccessStatusCode();
        Assert.Single(await ApiCalls.InitiateAcceptedAsync(admin, projectId, ApiCalls.File("site.jpg", "image/jpeg", 1234)));
    }

    [Fact]
    public async Task A_project_nobody_may_see_is_not_found_and_says_it_once()
    {
        using var admin = hosts.CreateAdminClient("acme");

        var problem = await ProblemAssert.IsProblemAsync(
            await ApiCalls.InitiateAsync(admin, $"none-{Guid.NewGuid():N}"[..20], ApiCalls.File("site.jpg", "image/jpeg", 1234)),
            HttpStatusCode.NotFound, "project_not_found");

        Assert.False(problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            && detail.GetString() == problem.GetProperty("title").GetString());
    }
}
