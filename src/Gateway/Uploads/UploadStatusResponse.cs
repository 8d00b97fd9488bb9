using System.Text.Json.Serialization;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>GET /api/uploads/{uploadId}/status</c> (the seed's shape).</summary>
/// <remarks>
/// <c>thumbnailUrl</c> is a short-lived presigned GET (the 800x800 thumbnail of a photo, the page-1 preview of a
/// PDF); <c>errorCode</c> and <c>error</c> say why an upload is FAILED or QUARANTINED.
/// </remarks>
public sealed record UploadStatusResponse(
    Guid UploadId, string Status, int Progress, string? ThumbnailUrl, DateTimeOffset? ProcessedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public static UploadStatusResponse From(UploadStatusView view) => new(
        view.UploadId, view.Status.ToWireName(), ProgressOf(view.Status), view.ThumbnailUrl, view.ProcessedAt,
        view.ErrorCode, view.Error);

    /// <summary>
    /// Coarse progress of the whole pipeline in percent: the bytes are the client's to count, so PENDING is 0 and
    /// every terminal state, good or bad, is 100.
    /// </summary>
    public static int ProgressOf(UploadStatus status) => status switch
    {
        UploadStatus.Pending => 0,
        UploadStatus.Uploaded => 50,
        UploadStatus.Processing => 75,
        _ => 100,
    };
}
