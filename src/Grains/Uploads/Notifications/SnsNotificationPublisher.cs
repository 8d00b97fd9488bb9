using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// Publishes upload notifications to the upload-completed SNS topic. The body is the notification as camelCase
/// JSON; notificationId and status are also message attributes, so subscriptions can filter on them without
/// parsing the body.
/// </summary>
public sealed class SnsNotificationPublisher(SnsQueryClient sns, IOptions<SnsOptions> options) : INotificationPublisher
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Resolved once; a lost race resolves it twice, which is harmless because CreateTopic is idempotent.
    private string? _topicArn;

    public async Task<string> PublishAsync(UploadNotification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var topicArn = await GetTopicArnAsync(ct);
        var result = await sns.SendAsync("Publish",
        [
            new("TopicArn", topicArn),
            new("Message", ToMessageBody(notification)),
            .. StringAttribute(1, "notificationId", notification.NotificationId),
            .. StringAttribute(2, "status", notification.Status),
        ], ct);
        return SnsQueryClient.RequiredValue(result, "MessageId", "Publish");
    }

    /// <summary>The message body subscribers receive (inside SNS's envelope unless raw delivery is on).</summary>
    public static string ToMessageBody(UploadNotification notification) =>
        JsonSerializer.Serialize(notification, JsonOptions);

    private async Task<string> GetTopicArnAsync(CancellationToken ct)
    {
        if (_topicArn is { } known)
        {
            return known;
        }

        var configured = options.Value;
        _topicArn = !string.IsNullOrWhiteSpace(configured.UploadCompletedTopicArn)
            ? configured.UploadCompletedTopicArn
            : await sns.CreateTopicAsync(configured.UploadCompletedTopicName!, ct);
        return _topicArn;
    }

    private static KeyValuePair<string, string>[] StringAttribute(int index, string name, string value) =>
    [
        new($"MessageAttributes.entry.{index}.Name", name),
        new($"MessageAttributes.entry.{index}.Value.DataType", "String"),
        new($"MessageAttributes.entry.{index}.Value.StringValue", value),
    ];
}
