using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>Files above 5 MiB: parts straight to S3 with presigned URLs, then complete, abort or resume.</summary>
[Collection(ServiceHostsCollection.Name)]
public class MultipartUploadTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private const int MiB = 1024 * 1024;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(12 * MiB);

    [Fact]
    public async Task A_12_MiB_file_gets_three_part_URLs_and_completes_to_UPLOADED()
    {
        var upload = await InitiateAsync();
        Assert.Equal("MULTIPART", upload.GetProperty("method").GetString());
        Assert.Equal(5 * MiB, upload.GetProperty("partSize").GetInt64());
        Assert.False(string.IsNullOrEmpty(upload.GetProperty("s3UploadId").GetString()));
        Assert.False(upload.TryGetProperty("url", out _));
        var uploadId = upload.GetProperty("uploadId").GetGuid();

        var parts = await PutAllPartsAsync(upload);
        var completed = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts });

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.True(UploadProgress.HasUploaded(await ApiCalls.StatusOfAsync(Alice, uploadId)));
        var details = await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}");
        Assert.Equal(_content.Length, details.GetProperty("storedSize").GetInt64());
        Assert.EndsWith("-3", details.GetProperty("eTag").GetString(), StringComparison.Ordinal);
        Assert.Equal("MULTIPART", details.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Completing_again_after_a_lost_answer_gives_the_same_result_and_the_later_S3_event_changes_nothing()
    {
        var upload = await InitiateAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        var parts = await PutAllPartsAsync(upload);

        var first = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts });
        var retry = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts });
        var eTag = (await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}")).GetProperty("eTag").GetString();
        // The completion's own S3 event, handed to the grain as the queue consumer does (whenever the queue's copy comes).
        var lateEvent = await ObjectEvents.RecordAsync(
            Hosts.SiloServices, "acme", Project, uploadId, "plans.pdf", "ObjectCreated:CompleteMultipartUpload");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(ObjectCreatedOutcome.AlreadyRecorded, lateEvent);
        var details = await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}");
        Assert.True(UploadProgress.HasUploaded(details.GetProperty("status").GetString()));
        Assert.Equal(eTag, details.GetProperty("eTag").GetString());
    }

    [Fact]
    public async Task A_completion_list_missing_a_part_is_refused_and_the_upload_can_still_be_completed()
    {
        var upload = await InitiateAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        var parts = await PutAllPartsAsync(upload);

        var missing = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts = parts.Take(2) });
        var complete = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts });

        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.UnprocessableEntity, "invalid_parts");
        Assert.Contains("3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    [Fact]
    public async Task Aborting_releases_the_quota_and_storage_refuses_further_parts()
    {
        var upload = await InitiateAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        var firstPartUrl = new Uri(upload.GetProperty("parts")[0].GetProperty("url").GetString()!);

        var aborted = await Alice.PostAsync($"api/uploads/{uploadId}/abort", null);
        var abortedAgain = await Alice.PostAsync($"api/uploads/{uploadId}/abort", null);
        using var lateRequest = await ApiCalls.PutToStorageAsync(firstPartUrl, _content[..(5 * MiB)]);

        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, abortedAgain.StatusCode);
        Assert.Equal("ABORTED", await ApiCalls.StatusOfAsync(Alice, uploadId));
        Assert.Equal(HttpStatusCode.NotFound, lateRequest.StatusCode);
        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("inFlight").GetInt32());
    }

    [Fact]
    public async Task An_uploaded_file_cannot_be_aborted()
    {
        var upload = await InitiateAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts = await PutAllPartsAsync(upload) });

        var response = await Alice.PostAsync($"api/uploads/{uploadId}/abort", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "invalid_transition");
        Assert.True(UploadProgress.HasUploaded(await ApiCalls.StatusOfAsync(Alice, uploadId)));
    }

    [Fact]
    public async Task Fresh_part_URLs_let_a_client_resume()
    {
        var upload = await InitiateAsync();
        var uploadId = upload.GetProperty("uploadId").GetGuid();

        var refreshed = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/parts", new { partNumbers = new[] { 3, 1, 2 } });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([1, 2, 3], body.GetProperty("parts").EnumerateArray().Select(part => part.GetProperty("partNumber").GetInt32()));
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() >= upload.GetProperty("expiresAt").GetDateTimeOffset());
        var parts = await PutAllPartsAsync(body);
        var completed = await Alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }

    [Fact]
    public async Task Parts_outside_the_upload_or_of_a_single_PUT_upload_are_refused()
    {
        var multipart = (await InitiateAsync()).GetProperty("uploadId").GetGuid();
        var single = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("small.jpg", "image/jpeg", 10)))[0]
            .GetProperty("uploadId").GetGuid();

        var outside = await Alice.PostAsJsonAsync($"api/uploads/{multipart}/parts", new { partNumbers = new[] { 4 } });
        var notMultipart = await Alice.PostAsJsonAsync($"api/uploads/{single}/parts", new { partNumbers = new[] { 1 } });
        var completeSingle = await Alice.PostAsJsonAsync($"api/uploads/{single}/complete", new { parts = Array.Empty<object>() });

        await ProblemAssert.IsProblemAsync(outside, HttpStatusCode.UnprocessableEntity, "invalid_parts");
        await ProblemAssert.IsProblemAsync(notMultipart, HttpStatusCode.Conflict, "not_multipart");
        await ProblemAssert.IsProblemAsync(completeSingle, HttpStatusCode.Conflict, "not_multipart");
    }

    [Fact]
    public async Task AnotherProjects_member_cannot_touch_the_upload()
    {
        var uploadId = (await InitiateAsync()).GetProperty("uploadId").GetGuid();
        using var outsider = Hosts.CreateClient("oscar", "acme");

        foreach (var response in new[]
        {
            await outsider.GetAsync($"api/uploads/{uploadId}"),
            await outsider.GetAsync($"api/uploads/{uploadId}/status"),
            await outsider.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts = Array.Empty<object>() }),
            await outsider.PostAsJsonAsync($"api/uploads/{uploadId}/parts", new { partNumbers = new[] { 1 } }),
            await outsider.PostAsync($"api/uploads/{uploadId}/abort", null),
        })
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "upload_not_found");
        }

        Assert.Equal("PENDING", await ApiCalls.StatusOfAsync(Alice, uploadId));
    }

    private async Task<JsonElement> InitiateAsync() =>
        (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("plans.pdf", "application/pdf", _content.Length)))[0];

    /// <summary>PUTs every part listed in <paramref name="withParts"/> and returns the completion list.</summary>
    private async Task<List<object>> PutAllPartsAsync(JsonElement withParts)
    {
        var parts = new List<object>();
        foreach (var part in withParts.GetProperty("parts").EnumerateArray())
        {
            var number = part.GetProperty("partNumber").GetInt32();
            var offset = (number - 1) * 5 * MiB;
            var length = Math.Min(5 * MiB, _content.Length - offset);
            using var response = await ApiCalls.PutToStorageAsync(new Uri(part.GetProperty("url").GetString()!), _content[offset..(offset + length)]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            parts.Add(new { PartNumber = number, ETag = response.Headers.ETag!.Tag });
        }

        return parts;
    }
}
