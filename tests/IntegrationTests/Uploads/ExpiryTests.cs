using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.IntegrationTests.Stack;
using Npgsql;
using Xunit.Sdk;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>
/// Uploads nobody finishes expire by reminder: storage cleaned up, quota released. Here URLs live 2 s and the
/// grace period is 1 s, so an upload expires about 3 s after initiate.
/// </summary>
[Collection(ShortExpiryHostsCollection.Name)]
public class ExpiryTests(ShortExpiryHostsFixture hosts)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_pending_upload_expires_and_gives_its_quota_back()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var alice = hosts.CreateClient("alice", "acme");
        var uploadId = (await ApiCalls.InitiateAcceptedAsync(alice, projectId, ApiCalls.File("a.jpg", "image/jpeg", 100)))[0]
            .GetProperty("uploadId").GetGuid();

        await ExpiredAsync(alice, projectId, uploadId);

        var usage = (await ApiCalls.GetJsonAsync(alice, $"api/projects/{projectId}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("inFlight").GetInt32());
        Assert.Equal(0, usage.GetProperty("reservedBytes").GetInt64());
        var abort = await alice.PostAsync($"api/uploads/{uploadId}/abort", null);
        await ProblemAssert.IsProblemAsync(abort, HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task An_expired_multipart_upload_is_aborted_in_storage()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var alice = hosts.CreateClient("alice", "acme");
        var upload = (await ApiCalls.InitiateAcceptedAsync(alice, projectId, ApiCalls.File("big.pdf", "application/pdf", 6 * 1024 * 1024)))[0];
        var uploadId = upload.GetProperty("uploadId").GetGuid();

        await ExpiredAsync(alice, projectId, uploadId);

        using var s3 = S3ClientFactory.Create(new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true }, new AwsSettings());
        var key = $"acme/{projectId}/uploads/{uploadId}/big.pdf";
        var listParts = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListPartsAsync(new ListPartsRequest
        {
            BucketName = LocalStack.BucketName, Key = key, UploadId = upload.GetProperty("s3UploadId").GetString(),
        }));
        Assert.Equal(HttpStatusCode.NotFound, listParts.StatusCode);
    }

    [Fact]
    public async Task A_late_object_of_an_expired_upload_is_removed()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var alice = hosts.CreateClient("alice", "acme");
        var upload = (await ApiCalls.InitiateAcceptedAsync(alice, projectId, ApiCalls.File("a.jpg", "image/jpeg", 3)))[0];
        var uploadId = upload.GetProperty("uploadId").GetGuid();
        // This silo does not consume S3 events, so the object lands but the upload stays PENDING until it expires.
        using var put = await ApiCalls.PutToStorageAsync(new Uri(upload.GetProperty("url").GetString()!), [1, 2, 3], "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await ExpiredAsync(alice, projectId, uploadId);

        using var s3 = S3ClientFactory.Create(new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true }, new AwsSettings());
        var head = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(LocalStack.BucketName,
            $"acme/{projectId}/uploads/{uploadId}/a.jpg"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Expiry_survives_a_silo_restart()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        using var alice = hosts.CreateClient("alice", "acme");
        var uploadId = (await ApiCalls.InitiateAcceptedAsync(alice, projectId, ApiCalls.File("a.jpg", "image/jpeg", 100)))[0]
            .GetProperty("uploadId").GetGuid();

        await hosts.RestartSiloAsync();

        await ExpiredAsync(alice, projectId, uploadId);
    }

    /// <summary>
    /// Waits for the upload to be EXPIRED; if it never is, says what drives expiry: the project's reminder row and
    /// its reservations in the ledger.
    /// </summary>
    private static async Task ExpiredAsync(HttpClient client, string projectId, Guid uploadId)
    {
        try
        {
            await Eventually.MatchesAsync(() => ApiCalls.StatusOfAsync(client, uploadId), status => status == "EXPIRED", Deadline,
                "the upload to expire");
        }
        catch (XunitException failure)
        {
            throw new XunitException($"{failure.Message}\n{await ExpiryStateAsync(projectId)}");
        }
    }

    private static async Task<string> ExpiryStateAsync(string projectId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'reminder ' || remindername || ' from ' || starttime || ' every ' || period || ' ms'
            FROM orleansreminderstable WHERE serviceid = 'buildpeer-tests-expiry' AND grainid LIKE '%' || $1
            UNION ALL
            SELECT 'reservation ' || upload_id || ' since ' || reserved_at FROM project_reservations WHERE project_id = $1
            """, connection)
        {
            Parameters = { new NpgsqlParameter { Value = projectId } },
        };
        var lines = new List<string> { $"now {DateTimeOffset.UtcNow:O}" };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }
}
