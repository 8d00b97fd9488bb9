using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Uploads.Notifications;

namespace BuildPeer.IntegrationTests.Uploads.Notifications;

/// <summary>
/// A fresh SQS queue of the test's own, subscribed to a topic, so a test sees what the topic delivers without
/// touching the shared queues. Other tests may publish to the same topic: callers filter by their notification id.
/// </summary>
public sealed class QueueSubscription : IAsyncDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly SnsQueryClient _sns;

    private QueueSubscription(IAmazonSQS sqs, SnsQueryClient sns, string queueUrl, string subscriptionArn)
    {
        _sqs = sqs;
        _sns = sns;
        QueueUrl = queueUrl;
        SubscriptionArn = subscriptionArn;
    }

    public string QueueUrl { get; }

    public string SubscriptionArn { get; }

    public static async Task<QueueSubscription> CreateAsync(IAmazonSQS sqs, SnsQueryClient sns, string topicArn)
    {
        var queueUrl = (await sqs.CreateQueueAsync($"notify-test-{Guid.NewGuid():N}")).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"])).QueueARN;
        var result = await sns.SendAsync("Subscribe",
            [new("TopicArn", topicArn), new("Protocol", "sqs"), new("Endpoint", queueArn)], CancellationToken.None);
        return new QueueSubscription(sqs, sns, queueUrl,
            SnsQueryClient.RequiredValue(result, "SubscriptionArn", "Subscribe"));
    }

    /// <summary>Receives until a message satisfies <paramref name="match"/> or the time is up.</summary>
    public async Task<Message?> ReceiveAsync(Func<Message, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = QueueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
            });
            if (response.Messages?.FirstOrDefault(match) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Every notification about <paramref name="uploadId"/> the topic delivers within <paramref name="window"/>,
    /// unwrapped from the SNS envelope; they are taken off the queue, so the next call sees only newer ones.
    /// </summary>
    public Task<List<System.Text.Json.JsonElement>> CollectNotificationsAsync(Guid uploadId, TimeSpan window) =>
        CollectNotificationsAsync([uploadId], window);

    public async Task<List<System.Text.Json.JsonElement>> CollectNotificationsAsync(IReadOnlyCollection<Guid> uploadIds, TimeSpan window)
    {
        var found = new List<System.Text.Json.JsonElement>();
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            foreach (var message in response.Messages ?? [])
            {
                await _sqs.DeleteMessageAsync(QueueUrl, message.ReceiptHandle);
                var body = System.Text.Json.JsonDocument.Parse(message.Body).RootElement;
                var notification = body.TryGetProperty("Message", out var wrapped)
                    ? System.Text.Json.JsonDocument.Parse(wrapped.GetString()!).RootElement
                    : body;
                if (uploadIds.Contains(notification.GetProperty("uploadId").GetGuid()))
                {
                    found.Add(notification.Clone());
                }
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await _sns.SendAsync("Unsubscribe", [new("SubscriptionArn", SubscriptionArn)], CancellationToken.None);
        await _sqs.DeleteQueueAsync(QueueUrl);
    }
}
