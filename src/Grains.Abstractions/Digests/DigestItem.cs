using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Abstractions.Digests;

/// <summary>
/// One finished upload as a digest lists it. <see cref="NotificationId"/> identifies the announcement it came from,
/// so a notification delivered twice is listed once.
/// </summary>
[GenerateSerializer, Immutable, Alias("digests.DigestItem")]
public sealed record DigestItem(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] Guid UploadId,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] string ProjectName,
    [property: Id(4)] string FileName,
    [property: Id(5)] UploadStatus Status,
    [property: Id(6)] string? ErrorCode,
    [property: Id(7)] string UploadedBy,
    [property: Id(8)] DateTimeOffset OccurredAt);
