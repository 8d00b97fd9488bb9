using System.Text.Json;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>GET /api/uploads/{uploadId}</c>: the whole record of one upload.</summary>
public sealed record UploadDetailsResponse(
    Guid UploadId,
    string ProjectId,
    string Filename,
    string ContentType,
    long Size,
    long? StoredSize,
    string Method,
    string Status,
    int Progress,
    string? Error,
    string? ETag,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UrlsExpireAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    string? ThumbnailUrl,
    string? ErrorCode,
    string? DownloadUrl,
    JsonElement? Metadata)
{
    public static UploadDetailsResponse From(UploadStatusView view) => new(
        view.UploadId, view.ProjectId, view.FileName, view.ContentType, view.DeclaredSize, view.StoredSize,
        view.Method == UploadMethod.Multipart ? "MULTIPART" : "PUT", view.Status.ToWireName(),
        UploadStatusResponse.ProgressOf(view.Status), view.Error, view.ETag, view.UploadedBy, view.CreatedAt,
        view.UrlsExpireAt, view.UploadedAt, view.ProcessedAt, view.ThumbnailUrl, view.ErrorCode, view.DownloadUrl,
        ParseMetadata(view.MetadataJson));

    private static JsonElement? ParseMetadata(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
