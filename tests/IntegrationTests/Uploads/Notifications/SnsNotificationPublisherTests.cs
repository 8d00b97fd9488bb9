using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Notifications;

/// <summary>
/// <see cref="SnsNotificationPublisher"/> against the local SNS emulator: what it publishes arrives, unchanged, on a
/// queue the test subscribes to the upload-completed topic.
/// </summary>
public class SnsNotificationPublisherTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly AmazonSQSClient _sqs;
    private readonly SnsQueryClient _sns;
    private QueueSubscription? _subscription;

    public SnsNotificationPublisherTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());
    }

    private static string TopicName => LocalStack.Get("Sns__UploadCompletedTopicName");

    public async Task InitializeAsync() =>
        _subscription = await QueueSubscription.CreateAsync(_sqs, _sns, await _sns.CreateTopicAsync(TopicName, CancellationToken.None));

    [Fact]
    public async Task A_published_notification_reaches_a_subscribed_queue_as_the_camelCase_JSON_that_was_sent()
    {
        var uploadId = Guid.CreateVersion7();
        var notification = new UploadNotification(uploadId, "acme", "tower-7", "COMPLETED",
            "https://cdn.example/thumbs/200.jpg", UploadNotification.IdFor(uploadId, 1),
            new DateTimeOffset(2026, 11, 29, 10, 15, 30, TimeSpan.Zero));
        var publisher = new SnsNotificationPublisher(_sns, Options.Create(new SnsOptions { UploadCompletedTopicName = TopicName }));

        var messageId = await publisher.PublishAsync(notification, CancellationToken.None);

        var received = await _subscription!.ReceiveAsync(m => Body(m).Contains(uploadId.ToString(), StringComparison.Ordinal), Deadline);
        Assert.NotNull(received);
        var (message, envelopeMessageId, attributes) = Unwrap(Body(received));
        Assert.Equal(
            $$"""{"uploadId":"{{uploadId}}","tenantId":"acme","projectId":"tower-7","status":"COMPLETED","thumbnailUrl":"https://cdn.example/thumbs/200.jpg","notificationId":"{{uploadId}}:1","occurredAt":"2026-11-29T10:15:30+00:00"}""",
            message);
        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.Equal(messageId, envelopeMessageId);
        Assert.NotNull(attributes);
        Assert.Equal($"{uploadId}:1", attributes["notificationId"]);
        Assert.Equal("COMPLETED", attributes["status"]);
    }

    [Fact]
    public async Task A_notification_without_a_thumbnail_carries_thumbnailUrl_null()
    {
        var uploadId = Guid.CreateVersion7();
        var notification = new UploadNotification(uploadId, "acme", "tower-7", "FAILED", null,
            UploadNotification.IdFor(uploadId, 2), DateTimeOffset.UtcNow);
        var publisher = new SnsNotificationPublisher(_sns, Options.Create(new SnsOptions { UploadCompletedTopicName = TopicName }));

        await publisher.PublishAsync(notification, CancellationToken.None);

        var received = await _subscription!.ReceiveAsync(m => Body(m).Contains(uploadId.ToString(), StringComparison.Ordinal), Deadline);
        Assert.NotNull(received);
        using var document = JsonDocument.Parse(Unwrap(Body(received)).Message);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("thumbnailUrl").ValueKind);
        Assert.Equal("FAILED", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publishing_to_a_topic_that_does_not_exist_fails_with_SNS_error_code_and_is_not_transient()
    {
        var missingArn = $"arn:aws:sns:us-east-1:000000000000:missing-{Guid.NewGuid():N}";
        var publisher = new SnsNotificationPublisher(_sns, Options.Create(new SnsOptions { UploadCompletedTopicArn = missingArn }));
        var notification = new UploadNotification(Guid.CreateVersion7(), "acme", "tower-7", "COMPLETED", null, "x:1",
            DateTimeOffset.UtcNow);

        var exception = await Assert.ThrowsAsync<SnsRequestException>(() => publisher.PublishAsync(notification, CancellationToken.None));

        Assert.Equal("NotFound", exception.Code);
        Assert.Equal("Publish", exception.Action);
        Assert.False(exception.IsTransient);
    }

    private static string Body(Message message) => message.Body ?? string.Empty;

    /// <summary>The message as published, from SNS's JSON envelope, or the body itself under raw delivery.</summary>
    private static (string Message, string? MessageId, Dictionary<string, string>? Attributes) Unwrap(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("Type", out var type) || type.GetString() != "Notification")
        {
            return (body, null, null);
        }

        var attributes = root.TryGetProperty("MessageAttributes", out var attributeElement)
            ? attributeElement.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetProperty("Value").GetString() ?? string.Empty)
            : null;
        return (root.GetProperty("Message").GetString()!, root.GetProperty("MessageId").GetString(), attributes);
    }

    public async Task DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        _sns.Dispose();
        _sqs.Dispose();
    }
}
