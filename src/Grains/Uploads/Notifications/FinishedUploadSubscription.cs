using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Intake;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// What the silo's subscribers of the upload-completed topic (digest, mobile push) share: how their queue is read,
/// which notifications are about a finished upload, and the project and upload this service holds for one.
/// </summary>
public static class FinishedUploadSubscription
{
    /// <summary>One poller is plenty for a few notifications per upload; receive timings are the upload queue's.</summary>
    public static QueuePollingSettings PollingSettings(string queueName, int maxInFlight, SqsOptions sqs)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        return new QueuePollingSettings(queueName, Pollers: 1, maxInFlight, Math.Min(sqs.MaxMessagesPerReceive, maxInFlight),
            sqs.WaitTimeSeconds, sqs.VisibilityTimeout, sqs.ErrorBackoff);
    }

    /// <summary>True for COMPLETED, FAILED and QUARANTINED: the states a person hears about.</summary>
    public static bool IsFinished(UploadNotification notification, out UploadStatus status)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return UploadStatusExtensions.TryParseWireName(notification.Status, out status)
            && status is UploadStatus.Completed or UploadStatus.Failed or UploadStatus.Quarantined;
    }

    /// <summary>
    /// The project and upload <paramref name="notification"/> is about, or null when this service holds no such pair
    /// (the topic is shared: another deployment's, or a deleted, project).
    /// </summary>
    public static async Task<(ProjectView Project, UploadStatusView Upload)?> FindAsync(IGrainFactory grains, UploadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(notification);
        // Ids outside the grammar cannot be ours (and must not reach a grain key).
        if (!ResourceId.IsValid(notification.TenantId) || !ResourceId.IsValid(notification.ProjectId))
        {
            return null;
        }

        var project = await grains.GetGrain<IProjectGrain>(ProjectKey.Of(notification.TenantId, notification.ProjectId)).GetAsync();
        var upload = project is null ? null
            : await grains.GetGrain<IUploadGrain>(notification.UploadId).GetStatusAsync(notification.TenantId);
        return project is null || upload is null || upload.ProjectId != notification.ProjectId ? null : (project, upload);
    }
}
