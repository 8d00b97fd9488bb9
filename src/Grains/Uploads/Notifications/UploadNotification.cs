namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// What subscribers of the upload-completed topic are told about an upload. Kept in grain state until it is
/// published, so that a publish that failed (or whose reply was lost) is retried with the same
/// <see cref="NotificationId"/>: subscribers de-duplicate on it, because SNS delivers at least once.
/// </summary>
[GenerateSerializer, Immutable, Alias("processing.UploadNotification")]
public sealed record UploadNotification(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] string Status,
    [property: Id(4)] string? ThumbnailUrl,
    [property: Id(5)] string NotificationId,
    [property: Id(6)] DateTimeOffset OccurredAt)
{
    /// <summary>The id of the <paramref name="sequence"/>-th notification about one upload: stable across retries.</summary>
    public static string IdFor(Guid uploadId, int sequence) => $"{uploadId}:{sequence}";
}
