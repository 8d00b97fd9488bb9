using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of <c>GET /api/uploads/{uploadId}/status</c> (the seed's shape).</summary>
public sealed record UploadStatusResponse(Guid UploadId, string Status, int Progress, string? ThumbnailUrl, DateTimeOffset? ProcessedAt)
{
    public static UploadStatusResponse From(UploadStatusView view) => new(
        view.UploadId, view.Status.ToWireName(), ProgressOf(view.Status), view.ThumbnailUrl, view.ProcessedAt);

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
