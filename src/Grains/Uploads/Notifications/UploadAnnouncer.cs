using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Notifications;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// Announces a terminal state waiting in an upload's outbox on the <c>upload-completed</c> topic. Each message carries
/// a notification id made from the upload and the announcement's sequence, so a subscriber can drop a repeat.
/// </summary>
public sealed partial class UploadAnnouncer(INotificationPublisher publisher, UploadLinks links, ILogger<UploadAnnouncer> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True once the topic accepted it; false (logged) when it did not, to be offered again.</summary>
    public async Task<bool> AnnounceAsync(Guid uploadId, UploadState upload, PendingNotification pending)
    {
        try
        {
            using var span = UploadLog.StartNotifySpan(uploadId, upload.TraceParent, pending);
            using var timeout = new CancellationTokenSource(PublishTimeout);
            var thumbnail = pending.Status == UploadStatus.Completed ? (await links.ReadLinksAsync(upload)).Thumbnail : null;
            var registration = upload.Registration!;
            var messageId = await publisher.PublishAsync(new UploadNotification(
                uploadId, registration.TenantId, registration.ProjectId, pending.Status.ToWireName(), thumbnail,
                UploadNotification.IdFor(uploadId, pending.Sequence), pending.OccurredAt), timeout.Token);
            LogNotified(uploadId, pending.Status, messageId);
            UploadMetrics.NotificationsPublished.Add(1, new KeyValuePair<string, object?>(UploadMetrics.StatusTag, pending.Status.ToWireName()));
            return true;
        }
        catch (Exception exception)
        {
            LogNotifyFailed(exception, uploadId, pending.Status);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: {Status} announced on the topic (message {MessageId})")]
    private partial void LogNotified(Guid uploadId, UploadStatus status, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: announcing {Status} failed; it stays in the outbox and is retried")]
    private partial void LogNotifyFailed(Exception exception, Guid uploadId, UploadStatus status);
}
