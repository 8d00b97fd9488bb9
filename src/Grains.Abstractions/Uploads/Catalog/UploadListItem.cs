namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>One upload of a listing, as the <c>uploads</c> table holds it.</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadListItem")]
public sealed record UploadListItem(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size,
    [property: Id(4)] UploadStatus Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? UploadedAt,
    [property: Id(7)] DateTimeOffset? ProcessedAt,
    [property: Id(8)] string? Error);
