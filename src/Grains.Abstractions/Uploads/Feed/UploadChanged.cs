namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>
/// One upload as it is after a state change, pushed to whoever follows it. <see cref="Version"/> is the upload's
/// state version: it grows with every write, so a follower keeps the highest it has seen and drops anything older
/// or equal (a change can arrive twice, or after the current state a reconnect sent first). The URLs are
/// short-lived presigned GETs, present only on COMPLETED.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.feed.UploadChanged")]
public sealed record UploadChanged(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] string FileName,
    [property: Id(4)] UploadStatus Status,
    [property: Id(5)] string? ThumbnailUrl,
    [property: Id(6)] string? DownloadUrl,
    [property: Id(7)] DateTimeOffset? ProcessedAt,
    [property: Id(8)] string? ErrorCode,
    [property: Id(9)] string? Error,
    [property: Id(10)] int Version,
    [property: Id(11)] DateTimeOffset OccurredAt);
