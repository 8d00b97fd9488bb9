namespace BuildPeer.Gateway.Uploads.StatusCache;

/// <summary>
/// What the gateway keeps in Redis for one upload: the status response, and the tenant and project it belongs to,
/// so a cached answer is given only to callers who may see it.
/// </summary>
public sealed record CachedUploadStatus(string TenantId, string ProjectId, UploadStatusResponse Status)
{
    /// <summary>When the entry was written; one written before Redis's last outage may be stale and is not served.</summary>
    public DateTimeOffset CachedAt { get; init; }
}
