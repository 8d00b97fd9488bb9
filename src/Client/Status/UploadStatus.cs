namespace BuildPeer.Client;

/// <summary>An upload's status, as the status endpoint and the event stream give it.</summary>
/// <param name="UploadId">The upload.</param>
/// <param name="State">Where it is.</param>
/// <param name="Progress">Coarse progress of the whole pipeline in percent (0 pending, 100 terminal).</param>
/// <param name="ThumbnailUrl">A short-lived URL of the thumbnail or preview, once processed.</param>
/// <param name="ProcessedAt">When processing finished.</param>
/// <param name="ErrorCode">Why it failed or was quarantined (<c>checksum_mismatch</c>, <c>content_mismatch</c>, ...).</param>
/// <param name="Error">The same in words.</param>
public sealed record UploadStatus(
    Guid UploadId,
    UploadState State,
    int Progress,
    Uri? ThumbnailUrl,
    DateTimeOffset? ProcessedAt,
    string? ErrorCode,
    string? Error)
{
    /// <summary>Whether the upload will never change again.</summary>
    public bool IsTerminal => State.IsTerminal();
}
