using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Access;

/// <summary>Only the uploader, the project's managers and tenant admins may complete, abort or re-sign an upload.</summary>
[Collection(ServiceHostsCollection.Name)]
public class UploadOwnershipTests(ServiceHostsFixture hosts) : IAsyncLifetime
{
    private const long MultipartSize = 6 * 1024 * 1024;
    private string _project = string.Empty;

    public async Task InitializeAsync() => _project = await TestProjects.CreateAsync(hosts, "acme",
        new Dictionary<string, string> { ["alice"] = "UPLOADER", ["bob"] = "UPLOADER", ["mona"] = "MANAGER", ["vic"] = "VIEWER" });

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> AliceStartsAsync()
    {
        using var alice = hosts.CreateClient("alice", "acme");
        var upload = (await ApiCalls.InitiateAcceptedAsync(alice, _project, ApiCalls.File("plan.pdf", "application/pdf", MultipartSize)))[0];
        Assert.Equal("MULTIPART", upload.GetProperty("method").GetString());
        return upload.GetProperty("uploadId").GetGuid();
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("vic")]
    public async Task A_colleague_who_can_see_the_upload_is_refused_with_not_upload_owner(string colleague)
    {
        var uploadId = await AliceStartsAsync();
        using var client = hosts.CreateClient(colleague, "acme");

        await ProblemAssert.IsProblemAsync(await client.PostAsync($"api/uploads/{uploadId}/abort", null), HttpStatusCode.Forbidden, "not_upload_owner");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"api/uploads/{uploadId}/parts", new { partNumbers = new[] { 1 } }),
            HttpStatusCode.Forbidden, "not_upload_owner");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"api/uploads/{uploadId}/complete",
            new { parts = new[] { new { PartNumber = 1, ETag = "\"x\"" } } }), HttpStatusCode.Forbidden, "not_upload_owner");

        using var alice = hosts.CreateClient("alice", "acme");
        Assert.Equal("PENDING", await ApiCalls.StatusOfAsync(alice, uploadId));
    }

    [Fact]
    public async Task Someone_outside_the_project_still_learns_nothing()
    {
        var uploadId = await AliceStartsAsync();
        using var outsider = hosts.CreateClient("oscar", "acme");

        await ProblemAssert.IsProblemAsync(await outsider.PostAsync($"api/uploads/{uploadId}/abort", null), HttpStatusCode.NotFound, "upload_not_found");
    }

    [Fact]
    public async Task The_uploader_re_signs_and_a_manager_or_tenant_admin_may_abort()
    {
        var first = await AliceStartsAsync();
        var second = await AliceStartsAsync();
        using var alice = hosts.CreateClient("alice", "acme");
        using var mona = hosts.CreateClient("mona", "acme");
        using var admin = hosts.CreateAdminClient("acme");

        var resigned = await alice.PostAsJsonAsync($"api/uploads/{first}/parts", new { partNumbers = new[] { 1 } });
        Assert.Equal(HttpStatusCode.OK, resigned.StatusCode);
        var byManager = await mona.PostAsync($"api/uploads/{first}/abort", null);
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        var byAdmin = await admin.PostAsync($"api/uploads/{second}/abort", null);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("ABORTED", await ApiCalls.StatusOfAsync(alice, second));
    }
}
