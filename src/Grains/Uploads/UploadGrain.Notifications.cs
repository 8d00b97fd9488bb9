using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Notifications;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The outbox: a terminal state's notification is written with the state itself and leaves the outbox only after
/// the topic accepted it, so each terminal state is announced until it is heard. A crash between "accepted" and
/// "removed" can repeat one; every message carries a notification id for subscribers to drop such a repeat.
/// </summary>
public sealed partial class UploadGrain
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private IGrainTimer? _outboxRetry;

    private async Task PublishOutboxAsync()
    {
        while (Current.Outbox.Count > 0)
        {
            var pending = Current.Outbox[0];
            try
            {
                using var span = StartNotifySpan(pending);
                using var timeout = new CancellationTokenSource(PublishTimeout);
                var thumbnail = pending.Status == UploadStatus.Completed ? (await ReadLinksAsync()).Thumbnail : null;
                var messageId = await notifications.PublishAsync(new UploadNotification(
                    UploadId, Registration.TenantId, Registration.ProjectId, pending.Status.ToWireName(),
                    thumbnail?.ToString(), UploadNotification.IdFor(UploadId, pending.Sequence), pending.OccurredAt), timeout.Token);
                LogNotified(UploadId, pending.Status, messageId);
                UploadMetrics.NotificationsPublished.Add(1, new KeyValuePair<string, object?>(UploadMetrics.StatusTag, pending.Status.ToWireName()));
            }
            catch (Exception exception)
            {
                LogNotifyFailed(exception, UploadId, pending.Status);
                ScheduleOutboxRetry();
                return;
            }

            Current.Outbox.RemoveAt(0);
            await SaveAsync();
        }

        _outboxRetry?.Dispose();
        _outboxRetry = null;
    }

    /// <summary>Soon, in memory; the processing reminder is the backstop if this activation goes away.</summary>
    private void ScheduleOutboxRetry()
    {
        if (_outboxRetry is not null)
        {
            return;
        }

        var period = processingOptions.Value.RetryBaseDelay;
        _outboxRetry = this.RegisterGrainTimer(_ => InLogScopeAsync(PublishOutboxAsync), new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: {Status} announced on the topic (message {MessageId})")]
    private partial void LogNotified(Guid uploadId, UploadStatus status, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: announcing {Status} failed; it stays in the outbox and is retried")]
    private partial void LogNotifyFailed(Exception exception, Guid uploadId, UploadStatus status);
}
