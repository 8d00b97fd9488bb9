using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Intake.EventBridge;

/// <summary>
/// The emulator delivers object events as AWS does for a bucket with EventBridge notifications on and a rule whose
/// target is the queue: EventBridge's envelope, the key as it is, the ETag without quotes, and no test event.
/// Checked on a private emulator started with <c>BUILDPEER_S3_EVENTS=eventbridge</c>.
/// </summary>
public sealed class EmulatorEventBridgeDeliveryTests : IAsyncLifetime
{
    private const string Bucket = "buildpeer-uploads";
    private const string Queue = "upload-events";
    private const string Key = "acme/tower 7/uploads/plano nivel 3 (ñ).pdf";

    private EmulatorProcess _emulator = null!;
    private AmazonS3Client _s3 = null!;
    private AmazonSQSClient _sqs = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorProcess.StartAsync(new Dictionary<string, string> { ["BUILDPEER_S3_EVENTS"] = "eventbridge" });
        _s3 = _emulator.CreateS3Client();
        _sqs = _emulator.CreateSqsClient();
    }

    [Fact]
    public async Task A_PutObject_arrives_as_an_EventBridge_Object_Created_event_with_the_key_as_it_is()
    {
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, ContentBody = "plan" });

        var message = await ReceiveOneAsync();

        var root = message.RootElement;
        Assert.Equal("0", root.GetProperty("version").GetString());
        Assert.Equal("Object Created", root.GetProperty("detail-type").GetString());
        Assert.Equal("aws.s3", root.GetProperty("source").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", root.GetProperty("time").GetString());
        Assert.Equal($"arn:aws:s3:::{Bucket}", Assert.Single(root.GetProperty("resources").EnumerateArray()).GetString());
        var detail = root.GetProperty("detail");
        Assert.Equal(Bucket, detail.GetProperty("bucket").GetProperty("name").GetString());
        Assert.Equal(Key, detail.GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(4, detail.GetProperty("object").GetProperty("size").GetInt64());
        Assert.Equal(put.ETag.Trim('"'), detail.GetProperty("object").GetProperty("etag").GetString());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("object").GetProperty("sequencer").GetString()));
        Assert.Equal("PutObject", detail.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_completed_multipart_upload_arrives_with_reason_CompleteMultipartUpload_and_its_multipart_ETag()
    {
        const int MiB = 1024 * 1024;
        var started = await _s3.InitiateMultipartUploadAsync(Bucket, Key);
        var parts = new List<PartETag>();
        foreach (var (number, size) in new[] { (1, 5 * MiB), (2, 1024) })
        {
            var part = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Bucket, Key = Key, UploadId = started.UploadId, PartNumber = number,
                InputStream = new MemoryStream(new byte[size]),
            });
            parts.Add(new PartETag(number, part.ETag));
        }

        var completed = await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket, Key = Key, UploadId = started.UploadId, PartETags = parts,
        });

        var detail = (await ReceiveOneAsync()).RootElement.GetProperty("detail");
        Assert.Equal("CompleteMultipartUpload", detail.GetProperty("reason").GetString());
        Assert.Equal(completed.ETag.Trim('"'), detail.GetProperty("object").GetProperty("etag").GetString());
        Assert.EndsWith("-2", detail.GetProperty("object").GetProperty("etag").GetString(), StringComparison.Ordinal);
        Assert.Equal(5 * MiB + 1024, detail.GetProperty("object").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task An_unknown_delivery_setting_stops_the_emulator_at_start()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EmulatorProcess.StartAsync(new Dictionary<string, string> { ["BUILDPEER_S3_EVENTS"] = "sns" }));

        Assert.Contains("exited during start-up", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The one message on the queue; the first one being the object's event also shows no test event came first.</summary>
    private async Task<JsonDocument> ReceiveOneAsync()
    {
        var queueUrl = (await _sqs.GetQueueUrlAsync(Queue)).QueueUrl;
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 10,
        });
        return JsonDocument.Parse(Assert.Single(received.Messages).Body);
    }

    public async Task DisposeAsync()
    {
        _s3.Dispose();
        _sqs.Dispose();
        await _emulator.DisposeAsync();
    }
}
