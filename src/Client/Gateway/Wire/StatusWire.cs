using System.Text.Json;

namespace BuildPeer.Client.Gateway.Wire;

internal sealed record UploadStatusWire(
    Guid UploadId, string? Status, int Progress, Uri? ThumbnailUrl, DateTimeOffset? ProcessedAt, string? ErrorCode, string? Error)
{
    public UploadStatus ToStatus() => new(UploadId, UploadStateExtensions.ParseWireName(Status), Progress, ThumbnailUrl,
        ProcessedAt, ErrorCode, Error);
}

/// <summary>The <c>data</c> of an SSE <c>status</c> event (PUSH-CONTRACT): the status plus a version per upload.</summary>
internal sealed record UploadEventWire(
    Guid UploadId, string? Status, int Progress, Uri? ThumbnailUrl, DateTimeOffset? ProcessedAt, string? ErrorCode,
    string? Error, long Version)
{
    public UploadStatus ToStatus() => new(UploadId, UploadStateExtensions.ParseWireName(Status), Progress, ThumbnailUrl,
        ProcessedAt, ErrorCode, Error);
}

internal sealed record UploadDetailsWire(
    Guid UploadId,
    string? ProjectId,
    string? Filename,
    string? ContentType,
    long Size,
    long? StoredSize,
    string? Method,
    string? Status,
    int Progress,
    string? Error,
    string? UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    Uri? ThumbnailUrl,
    string? ErrorCode,
    Uri? DownloadUrl,
    JsonElement? Metadata)
{
    public UploadDetails ToDetails() => new(UploadId, ProjectId ?? string.Empty, Filename ?? string.Empty,
        ContentType ?? string.Empty, Size, StoredSize, Method ?? string.Empty, UploadStateExtensions.ParseWireName(Status),
        Progress, ErrorCode, Error, UploadedBy ?? string.Empty, CreatedAt, UploadedAt, ProcessedAt, ThumbnailUrl,
        DownloadUrl, Metadata);
}
