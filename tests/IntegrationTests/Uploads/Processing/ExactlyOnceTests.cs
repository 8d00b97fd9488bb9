using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// Duplicates change nothing: the same S3 event delivered again gives no second set of outputs and no second
/// notification; an operator's reprocess gives exactly one more. Read back from a queue subscribed to the topic.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ExactlyOnceTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts), IDisposable
{
    private readonly AmazonSQSClient _sqs = new();
    private readonly SnsQueryClient _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());

    private IAmazonS3 S3 => Hosts.SiloServices.GetRequiredService<IAmazonS3>();

    [Fact]
    public async Task The_same_event_three_times_gives_one_set_of_outputs_and_one_notification_and_a_reprocess_one_more()
    {
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        var content = GeneratedImages.Jpeg(800, 600);
        var uploadId = await UploadAsync(Alice, Project, "twice.jpg", "image/jpeg", content);
        var first = await AwaitFinishedAsync(Alice, uploadId);
        AssertStatus(first, "COMPLETED");

        // S3 delivers at least once: the same record twice more, straight onto the queue.
        var key = $"acme/{Project}/uploads/{uploadId}/twice.jpg";
        var queueUrl = (await _sqs.GetQueueUrlAsync(LocalStack.UploadEventsQueueName)).QueueUrl;
        for (var copy = 0; copy < 2; copy++)
        {
            await _sqs.SendMessageAsync(queueUrl, S3Notification(key, content.Length, first.GetProperty("eTag").GetString()!));
        }

        await Eventually.MatchesAsync(() => QueueDepthAsync(queueUrl), depth => depth == 0, Deadline, "the duplicates to be consumed");
        var notifications = await subscription.CollectNotificationsAsync(uploadId, TimeSpan.FromSeconds(4));
        Assert.Single(notifications);
        Assert.Equal("COMPLETED", notifications[0].GetProperty("status").GetString());
        Assert.Equal($"{uploadId:D}:1", notifications[0].GetProperty("notificationId").GetString());
        Assert.StartsWith("http", notifications[0].GetProperty("thumbnailUrl").GetString(), StringComparison.Ordinal);
        foreach (var size in new[] { 200, 800 })
        {
            Assert.Equal([DerivedKeys.Thumbnail("acme", Project, uploadId, size)],
                await ListKeysAsync(S3, $"acme/{Project}/thumbnails/{size}x{size}/{uploadId}"));
        }

        var again = await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}");
        Assert.Equal(1, Metadata(again).GetProperty("attempts").GetInt32());
        Assert.Equal(first.GetProperty("processedAt").GetDateTimeOffset(), again.GetProperty("processedAt").GetDateTimeOffset());

        // An operator's reprocess: one new attempt, the same outputs overwritten, exactly one more notification.
        using var admin = Hosts.CreateAdminClient("acme");
        using var reprocess = await admin.PostAsync($"api/admin/uploads/{uploadId}/reprocess", null);
        Assert.Equal(HttpStatusCode.Accepted, reprocess.StatusCode);
        await Eventually.MatchesAsync(() => ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}"),
            upload => upload.GetProperty("status").GetString() == "COMPLETED"
                && upload.GetProperty("processedAt").GetDateTimeOffset() > first.GetProperty("processedAt").GetDateTimeOffset(),
            Deadline, "the reprocessed upload to complete again");
        var more = await subscription.CollectNotificationsAsync(uploadId, TimeSpan.FromSeconds(4));
        Assert.Equal([$"{uploadId:D}:2"], more.Select(notification => notification.GetProperty("notificationId").GetString()));
        Assert.Single(await ListKeysAsync(S3, $"acme/{Project}/thumbnails/800x800/{uploadId}"));
    }

    [Fact]
    public async Task Quarantined_and_failed_uploads_are_announced_too_each_once()
    {
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        var infected = await UploadAsync(Alice, Project, "eicar.pdf", "application/pdf", ProcessingFixtures.PdfWithEicar());
        var broken = await UploadAsync(Alice, Project, "zip.jpg", "image/jpeg", ProcessingFixtures.ZipBytes());
        await AwaitFinishedAsync(Alice, infected);
        await AwaitFinishedAsync(Alice, broken);

        var notifications = await subscription.CollectNotificationsAsync([infected, broken], TimeSpan.FromSeconds(4));
        var quarantined = notifications.Where(notification => notification.GetProperty("uploadId").GetGuid() == infected).ToList();
        var failed = notifications.Where(notification => notification.GetProperty("uploadId").GetGuid() == broken).ToList();

        Assert.Equal("QUARANTINED", Assert.Single(quarantined).GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, quarantined[0].GetProperty("thumbnailUrl").ValueKind);
        Assert.Equal("FAILED", Assert.Single(failed).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reprocessing_is_for_admins_and_only_for_finished_uploads()
    {
        var uploadId = await UploadAsync(Alice, Project, "x.png", "image/png", GeneratedImages.TransparentPng(32, 32));
        using var byUploader = await Alice.PostAsync($"api/admin/uploads/{uploadId}/reprocess", null);
        await ProblemAssert.IsProblemAsync(byUploader, HttpStatusCode.Forbidden, "not_permitted");

        await AwaitFinishedAsync(Alice, uploadId);
        using var admin = Hosts.CreateAdminClient("acme");
        using var unknown = await admin.PostAsync($"api/admin/uploads/{Guid.CreateVersion7()}/reprocess", null);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "upload_not_found");
    }

    [Fact]
    public async Task Status_polls_are_served_from_Redis_until_the_upload_changes()
    {
        var uploadId = await UploadAsync(Alice, Project, "cached.png", "image/png", GeneratedImages.TransparentPng(64, 64));
        await AwaitFinishedAsync(Alice, uploadId);

        using var miss = await Alice.GetAsync($"api/uploads/{uploadId}/status");
        using var hit = await Alice.GetAsync($"api/uploads/{uploadId}/status");
        Assert.Equal("miss", miss.Headers.GetValues("X-Cache").Single());
        Assert.Equal("hit", hit.Headers.GetValues("X-Cache").Single());
        Assert.Equal(await miss.Content.ReadAsStringAsync(), await hit.Content.ReadAsStringAsync());
        var redis = Hosts.SiloServices.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.InRange((await redis.KeyTimeToLiveAsync(UploadStatusCacheKey.For(uploadId)))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        // Another member of the tenant who is not in the project gets nothing from the cache either.
        using var outsider = Hosts.CreateClient("mallory", "acme");
        using var refused = await outsider.GetAsync($"api/uploads/{uploadId}/status");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // A transition deletes the entry: the next poll asks the grain again.
        using var admin = Hosts.CreateAdminClient("acme");
        (await admin.PostAsync($"api/admin/uploads/{uploadId}/reprocess", null)).Dispose();
        using var after = await Alice.GetAsync($"api/uploads/{uploadId}/status");
        Assert.Equal("miss", after.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task A_garbage_message_reaches_the_dead_letter_queue_where_operators_see_and_redrive_it()
    {
        var marker = $"not an S3 event {Guid.NewGuid():N}";
        var queueUrl = (await _sqs.GetQueueUrlAsync(LocalStack.UploadEventsQueueName)).QueueUrl;
        await _sqs.SendMessageAsync(queueUrl, marker);

        using var operatorClient = Hosts.CreateAnonymousClient();
        operatorClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Hosts.Tokens.Issue("ops", ["acme"], "operator", TimeSpan.FromMinutes(10)));
        operatorClient.DefaultRequestHeaders.Add("X-Tenant-ID", "acme");
        await Eventually.MatchesAsync(
            () => ApiCalls.GetJsonAsync(operatorClient, "api/admin/dead-letters?max=100"),
            page => page.GetProperty("messages").EnumerateArray().Any(message => message.GetProperty("body").GetString() == marker),
            TimeSpan.FromSeconds(60), "the garbage message to be dead-lettered after three receives");

        using var uploader = await Alice.GetAsync("api/admin/dead-letters");
        await ProblemAssert.IsProblemAsync(uploader, HttpStatusCode.Forbidden, "not_permitted");

        // Redriven, it goes back to the events queue, is refused three times again, and is back in the DLQ.
        using var redrive = await operatorClient.PostAsync("api/admin/dead-letters/redrive?max=100", null);
        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        var moved = JsonDocument.Parse(await redrive.Content.ReadAsStringAsync()).RootElement;
        Assert.True(moved.GetProperty("moved").GetInt32() >= 1, moved.ToString());
        Assert.Equal(0, moved.GetProperty("failed").GetInt32());
        await Eventually.MatchesAsync(
            () => ApiCalls.GetJsonAsync(operatorClient, "api/admin/dead-letters?max=100"),
            page => page.GetProperty("messages").EnumerateArray().Any(message => message.GetProperty("body").GetString() == marker
                && message.GetProperty("approximateReceiveCount").GetInt32() >= 1),
            TimeSpan.FromSeconds(60), "the redriven garbage message to be dead-lettered again");
    }

    private async Task<int> QueueDepthAsync(string queueUrl)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private static string S3Notification(string key, long size, string eTag) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "2.1", eventSource = "aws:s3", eventTime = DateTime.UtcNow.ToString("O"), eventName = "ObjectCreated:Put",
                s3 = new
                {
                    bucket = new { name = LocalStack.BucketName },
                    @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), size, eTag },
                },
            },
        },
    });

    public void Dispose()
    {
        _sqs.Dispose();
        _sns.Dispose();
    }
}
