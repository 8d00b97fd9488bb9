namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>Announces what happened to an upload to the services that subscribe to it.</summary>
public interface INotificationPublisher
{
    /// <summary>
    /// Publishes <paramref name="notification"/> and returns the id the broker gave the message. Throws
    /// <see cref="SnsRequestException"/> when the broker refused it; publishing the same notification again is safe.
    /// </summary>
    Task<string> PublishAsync(UploadNotification notification, CancellationToken ct);
}
