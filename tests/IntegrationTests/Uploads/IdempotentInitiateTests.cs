using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>A mobile client retrying an initiate with its Idempotency-Key gets the same uploads, reserved once.</summary>
[Collection(ServiceHostsCollection.Name)]
public class IdempotentInitiateTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_same_uploads_and_reserves_once()
    {
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(key, "a.jpg", 100);
        var retry = await SendAsync(key, "a.jpg", 100);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await UploadIdsAsync(first), await UploadIdsAsync(retry));
        Assert.Equal(1, await InFlightAsync());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_all_get_the_one_upload()
    {
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(key, "a.jpg", 100)));

        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.UnionWith(await UploadIdsAsync(response));
        }

        Assert.Single(ids);
        Assert.Equal(1, await InFlightAsync());
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_request_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        await SendAsync(key, "a.jpg", 100);

        var different = await SendAsync(key, "b.jpg", 100);

        await ProblemAssert.IsProblemAsync(different, HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await InFlightAsync());
    }

    [Fact]
    public async Task Keys_are_per_user()
    {
        var key = Guid.NewGuid().ToString();
        using var admin = Hosts.CreateAdminClient("acme");
        await admin.PutAsJsonAsync($"api/projects/{Project}/members/bob", new { role = "UPLOADER" });
        using var bob = Hosts.CreateClient("bob", "acme");

        var byAlice = await SendAsync(key, "a.jpg", 100);
        var byBob = await SendAsync(key, "a.jpg", 100, bob);

        Assert.NotEqual(await UploadIdsAsync(byAlice), await UploadIdsAsync(byBob));
    }

    [Fact]
    public async Task A_malformed_key_is_a_bad_request()
    {
        var response = await SendAsync("has spaces in it", "a.jpg", 100);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "idempotency_key_invalid");
    }

    private async Task<HttpResponseMessage> SendAsync(string key, string filename, long size, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/uploads/initiate")
        {
            Content = JsonContent.Create(new { projectId = Project, files = new[] { ApiCalls.File(filename, "image/jpeg", size) } }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await (client ?? Alice).SendAsync(request);
    }

    private static async Task<List<Guid>> UploadIdsAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uploads")
            .EnumerateArray().Select(upload => upload.GetProperty("uploadId").GetGuid()).ToList();

    private async Task<int> InFlightAsync() =>
        (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage").GetProperty("inFlight").GetInt32();
}
