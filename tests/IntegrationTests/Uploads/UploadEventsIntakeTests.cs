using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>What the silo's queue consumer does with each kind of message, through the real queue.</summary>
[Collection(ServiceHostsCollection.Name)]
public class UploadEventsIntakeTests(ServiceHostsFixture hosts) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly AmazonSQSClient _sqs = new();

    [Fact]
    public async Task An_EventBridge_Object_Created_event_moves_its_upload_to_UPLOADED()
    {
        using var client = hosts.CreateClient("alice", "acme");
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        var response = await client.PostAsJsonAsync("api/uploads/initiate", new
        {
            projectId,
            files = new[] { new { filename = "level 3.dwg", contentType = "application/acad", size = 4096 } },
        });
        var uploadId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("uploads")[0].GetProperty("uploadId").GetGuid();
        var key = $"acme/{projectId}/uploads/{uploadId}/level_3.dwg";

        await SendAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["version"] = "0",
            ["detail-type"] = "Object Created",
            ["source"] = "aws.s3",
            ["time"] = "2026-11-29T10:15:30Z",
            ["detail"] = new
            {
                bucket = new { name = LocalStack.BucketName },
                @object = new { key, size = 4096, etag = "0f343b0931126a20f133d67c2b018a3b", sequencer = "01" },
                reason = "PutObject",
            },
        }));

        await Eventually.MatchesAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"api/uploads/{uploadId}/status")).GetProperty("status").GetString(),
            status => UploadProgress.HasUploaded(status), Deadline, "the EventBridge event to reach the upload");
    }

    [Fact]
    public async Task Test_events_and_events_for_objects_that_are_not_uploads_are_acknowledged()
    {
        await SendAsync("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-29T10:00:00Z","Bucket":"buildpeer-uploads"}""");
        await SendAsync(S3Notification("exports/report.csv"));
        await SendAsync(S3Notification($"acme/tower-7/uploads/{Guid.CreateVersion7()}/never-initiated.jpg"));

        await Eventually.MatchesAsync(QueueDepthAsync, depth => depth == 0, Deadline, "the queue to be drained");
    }

    private static string S3Notification(string key) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1", eventSource = "aws:s3", eventTime = "2026-11-29T10:00:00Z", eventName = "ObjectCreated:Put",
                s3 = new
                {
                    bucket = new { name = LocalStack.BucketName },
                    @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), size = 10, eTag = "e" },
                },
            },
        },
    });

    private async Task SendAsync(string body)
    {
        var queueUrl = (await _sqs.GetQueueUrlAsync(LocalStack.UploadEventsQueueName)).QueueUrl;
        await _sqs.SendMessageAsync(queueUrl, body);
    }

    private async Task<int> QueueDepthAsync()
    {
        var queueUrl = (await _sqs.GetQueueUrlAsync(LocalStack.UploadEventsQueueName)).QueueUrl;
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl,
            ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    public void Dispose() => _sqs.Dispose();
}
