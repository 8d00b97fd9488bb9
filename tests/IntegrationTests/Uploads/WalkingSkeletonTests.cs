using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;
using Npgsql;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>One small file, end to end: initiate, PUT straight to S3, the S3 event, the grain, the status.</summary>
[Collection(ServiceHostsCollection.Name)]
public class WalkingSkeletonTests(ServiceHostsFixture hosts) : IAsyncLifetime
{
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(30);
    private readonly string _tenant = "acme";
    private string _project = string.Empty;

    public async Task InitializeAsync() => _project = await TestProjects.CreateWithUploaderAsync(hosts, _tenant, "alice");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_small_file_initiated_and_PUT_to_storage_becomes_UPLOADED_with_its_size_and_ETag()
    {
        using var client = hosts.CreateClient("alice", _tenant);
        var content = RandomNumberGenerator.GetBytes(300_000);

        var upload = await InitiateAsync(client, "site photo 1.jpg", "image/jpeg", content.Length);

        var uploadId = upload.GetProperty("uploadId").GetGuid();
        Assert.Equal("site photo 1.jpg", upload.GetProperty("filename").GetString());
        Assert.Equal(content.Length, upload.GetProperty("size").GetInt64());
        Assert.Equal("PUT", upload.GetProperty("method").GetString());
        var expiresIn = upload.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var url = new Uri(upload.GetProperty("url").GetString()!);
        Assert.Contains($"/{_tenant}/{_project}/uploads/{uploadId}/site_photo_1.jpg", url.AbsolutePath, StringComparison.Ordinal);

        Assert.Equal("PENDING", await StatusOfAsync(client, uploadId));

        using var put = await PutAsync(url, content, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await Eventually.MatchesAsync(() => StatusOfAsync(client, uploadId), status => UploadProgress.HasUploaded(status), EventDeadline,
            "the ObjectCreated event to reach the upload");
        var row = await ReadRowAsync(uploadId);
        Assert.True(UploadProgress.HasUploaded(row.Status), row.Status);
        Assert.Equal(content.Length, row.Size);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), row.ETag);
        Assert.Equal($"{_tenant}/{_project}/uploads/{uploadId}/site_photo_1.jpg", row.S3Key);
        Assert.Equal("site photo 1.jpg", row.FileName);
        Assert.NotNull(row.UploadedAt);
    }

    [Fact]
    public async Task The_status_has_exactly_the_seeds_fields()
    {
        using var client = hosts.CreateClient("alice", _tenant);
        var uploadId = await InitiateOneAsync(client, "plan.pdf", "application/pdf", 1000);

        var status = JsonDocument.Parse(await client.GetStringAsync($"api/uploads/{uploadId}/status")).RootElement;

        Assert.Equal(["uploadId", "status", "progress", "thumbnailUrl", "processedAt"],
            status.EnumerateObject().Select(property => property.Name));
        Assert.Equal(uploadId, status.GetProperty("uploadId").GetGuid());
        Assert.Equal("PENDING", status.GetProperty("status").GetString());
        Assert.Equal(0, status.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("thumbnailUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("processedAt").ValueKind);
    }

    [Fact]
    public async Task Another_tenants_upload_is_not_found_just_like_one_that_does_not_exist()
    {
        using var owner = hosts.CreateClient("alice", _tenant);
        using var stranger = hosts.CreateClient("mallory", "globex");
        var uploadId = await InitiateOneAsync(owner, "plan.pdf", "application/pdf", 1000);

        var foreign = await stranger.GetAsync($"api/uploads/{uploadId}/status");
        var missing = await owner.GetAsync($"api/uploads/{Guid.NewGuid()}/status");

        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound, "upload_not_found");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound, "upload_not_found");
    }

    [Fact]
    public async Task A_request_with_bad_files_names_each_of_them_and_creates_nothing()
    {
        using var client = hosts.CreateClient("alice", _tenant);

        var response = await client.PostAsJsonAsync("api/uploads/initiate", new
        {
            projectId = _project,
            files = new object[]
            {
                new { filename = "ok.jpg", contentType = "image/jpeg", size = 10 },
                new { filename = "virus.exe", contentType = "application/octet-stream", size = 10 },
                new { filename = "empty.pdf", contentType = "application/pdf", size = 0 },
            },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "files_rejected");
        var files = problem.GetProperty("files").EnumerateArray()
            .Select(file => (file.GetProperty("index").GetInt32(), file.GetProperty("filename").GetString(), file.GetProperty("code").GetString()))
            .ToList();
        Assert.Equal([(1, "virus.exe", "file_type_not_allowed"), (2, "empty.pdf", "file_empty")], files);
        Assert.Equal(0, await CountRowsAsync(_project));
    }

    [Fact]
    public async Task A_body_without_a_project_is_a_bad_request()
    {
        using var client = hosts.CreateClient("alice", _tenant);

        var response = await client.PostAsJsonAsync("api/uploads/initiate", new { files = Array.Empty<object>() });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_bad_request()
    {
        using var client = hosts.CreateClient("alice", _tenant);

        var response = await client.PostAsync("api/uploads/initiate", new StringContent("{ not json", MediaTypeHeaderValue.Parse("application/json")));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Storage_refuses_a_tampered_URL_and_a_content_type_other_than_the_signed_one()
    {
        using var client = hosts.CreateClient("alice", _tenant);
        var content = RandomNumberGenerator.GetBytes(1000);
        var upload = await InitiateAsync(client, "photo.png", "image/png", content.Length);
        var url = upload.GetProperty("url").GetString()!;
        var uploadId = upload.GetProperty("uploadId").GetGuid();

        using var otherKey = await PutAsync(new Uri(url.Replace("photo.png", "other.png", StringComparison.Ordinal)), content, "image/png");
        using var otherType = await PutAsync(new Uri(url), content, "image/jpeg");

        Assert.Equal(HttpStatusCode.Forbidden, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherType.StatusCode);
        Assert.Equal("PENDING", await StatusOfAsync(client, uploadId));
    }

    private async Task<Guid> InitiateOneAsync(HttpClient client, string fileName, string contentType, long size) =>
        (await InitiateAsync(client, fileName, contentType, size)).GetProperty("uploadId").GetGuid();

    /// <summary>Initiates one file and returns its entry of the response's <c>uploads</c>.</summary>
    private async Task<JsonElement> InitiateAsync(HttpClient client, string fileName, string contentType, long size)
    {
        var response = await client.PostAsJsonAsync("api/uploads/initiate", new
        {
            projectId = _project,
            files = new[] { new { filename = fileName, contentType, size } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var uploads = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uploads");
        return Assert.Single(uploads.EnumerateArray()).Clone();
    }

    private static async Task<string?> StatusOfAsync(HttpClient client, Guid uploadId)
    {
        var status = await client.GetFromJsonAsync<JsonElement>($"api/uploads/{uploadId}/status");
        return status.GetProperty("status").GetString();
    }

    private static Task<HttpResponseMessage> PutAsync(Uri url, byte[] content, string contentType) =>
        ApiCalls.PutToStorageAsync(url, content, contentType);

    private sealed record UploadRow(string Status, long Size, string? ETag, string S3Key, string FileName, DateTime? UploadedAt);

    private static async Task<UploadRow> ReadRowAsync(Guid uploadId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status, size, etag, s3_key, filename, uploaded_at FROM uploads WHERE id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = uploadId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No uploads row for {uploadId}.");
        return new UploadRow(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetDateTime(5));
    }

    private static async Task<long> CountRowsAsync(string projectId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM uploads WHERE project_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = projectId } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
