using System.Text.Json;

namespace BuildPeer.Client;

/// <summary>The whole record of one upload (<c>GET /api/uploads/{id}</c>).</summary>
/// <param name="UploadId">The upload.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="FileName">The file name as stored.</param>
/// <param name="ContentType">The declared content type.</param>
/// <param name="Size">The declared size in bytes.</param>
/// <param name="StoredSize">The size storage holds, once uploaded.</param>
/// <param name="Method"><c>PUT</c> or <c>MULTIPART</c>.</param>
/// <param name="State">Where it is.</param>
/// <param name="Progress">Coarse progress of the pipeline in percent.</param>
/// <param name="ErrorCode">Why it failed, if it did.</param>
/// <param name="Error">The same in words.</param>
/// <param name="UploadedBy">Who initiated it.</param>
/// <param name="CreatedAt">When it was initiated.</param>
/// <param name="UploadedAt">When the bytes arrived.</param>
/// <param name="ProcessedAt">When processing finished.</param>
/// <param name="ThumbnailUrl">A short-lived URL of the thumbnail or preview.</param>
/// <param name="DownloadUrl">A short-lived URL of the file itself, once completed.</param>
/// <param name="Metadata">What processing found (checksum, image size, GPS, page count, ...), as JSON.</param>
public sealed record UploadDetails(
    Guid UploadId,
    string ProjectId,
    string FileName,
    string ContentType,
    long Size,
    long? StoredSize,
    string Method,
    UploadState State,
    int Progress,
    string? ErrorCode,
    string? Error,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    Uri? ThumbnailUrl,
    Uri? DownloadUrl,
    JsonElement? Metadata);
