using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary><c>POST /api/uploads/{id}/url</c>: a fresh URL for a PENDING single PUT, and who and what it refuses.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class PutUrlRefreshTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private static readonly byte[] Content = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6];

    [Fact]
    public async Task A_fresh_URL_with_the_same_headers_takes_the_bytes_and_moves_the_expiry()
    {
        var upload = await InitiateSingleAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();

        var refreshed = await Alice.PostAsync($"api/uploads/{uploadId}/url", null);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() >= upload.GetProperty("expiresAt").GetDateTimeOffset());
        var headers = body.GetProperty("headers");
        Assert.Equal("image/jpeg", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("*", headers.GetProperty("If-None-Match").GetString());
        using var stored = await ApiCalls.PutToStorageAsync(new Uri(body.GetProperty("url").GetString()!), Content, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task A_multipart_upload_an_aborted_one_and_another_projects_member_are_refused()
    {
        var multipart = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("plans.pdf", "application/pdf", 12L * 1024 * 1024)))[0]
            .GetProperty("uploadId").GetGuid();
        var aborted = (await InitiateSingleAsync()).GetProperty("uploadId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Alice.PostAsync($"api/uploads/{aborted}/abort", null)).StatusCode);
        var pending = (await InitiateSingleAsync()).GetProperty("uploadId").GetGuid();
        using var outsider = Hosts.CreateClient("oscar", "acme");

        await ProblemAssert.IsProblemAsync(await Alice.PostAsync($"api/uploads/{multipart}/url", null), HttpStatusCode.Conflict, "not_single_put");
        await ProblemAssert.IsProblemAsync(await Alice.PostAsync($"api/uploads/{aborted}/url", null), HttpStatusCode.Conflict, "invalid_transition");
        await ProblemAssert.IsProblemAsync(await outsider.PostAsync($"api/uploads/{pending}/url", null), HttpStatusCode.NotFound, "upload_not_found");
        await ProblemAssert.IsProblemAsync(await Alice.PostAsync($"api/uploads/{Guid.NewGuid()}/url", null), HttpStatusCode.NotFound, "upload_not_found");
    }

    private async Task<JsonElement> InitiateSingleAsync() =>
        (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("site.jpg", "image/jpeg", Content.Length)))[0];
}
