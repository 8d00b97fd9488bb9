namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// An upload as its owner sees it. URLs are short-lived presigned GETs, present only where the object may be
/// downloaded (a COMPLETED upload, never a quarantined one); <see cref="MetadataJson"/> is the <c>metadata</c>
/// document of the <c>uploads</c> row.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadStatusView")]
public sealed record UploadStatusView(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string FileName,
    [property: Id(3)] UploadStatus Status,
    [property: Id(4)] long DeclaredSize,
    [property: Id(5)] long? StoredSize,
    [property: Id(6)] string? ThumbnailUrl,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? UploadedAt,
    [property: Id(9)] DateTimeOffset? ProcessedAt,
    [property: Id(10)] string? Error,
    [property: Id(11)] string ContentType,
    [property: Id(12)] string UploadedBy,
    [property: Id(13)] UploadMethod Method,
    [property: Id(14)] string? ETag,
    [property: Id(15)] DateTimeOffset UrlsExpireAt,
    [property: Id(16)] string? ErrorCode = null,
    [property: Id(17)] string? DownloadUrl = null,
    [property: Id(18)] string? MetadataJson = null);
