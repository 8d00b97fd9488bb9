namespace BuildPeer.Grains.Uploads.Records;

/// <summary>
/// One row of the queryable <c>uploads</c> table: a projection of an <see cref="UploadGrain"/>'s state, stamped
/// with the state version it was made from so an older write can never overwrite a newer one.
/// </summary>
public sealed record UploadRecord(
    Guid Id,
    string TenantId,
    string ProjectId,
    string UserId,
    string FileName,
    string S3Key,
    string ContentType,
    long Size,
    string Status,
    string? Error,
    string? ETag,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    int StateVersion,
    string MetadataJson,
    string? Sha256,
    string? ErrorCode);
