namespace BuildPeer.Gateway.Uploads.StatusCache;

/// <summary>
/// What the gateway keeps in Redis for one upload: the status response, and the tenant and project it belongs to,
/// so a cached answer is given only to callers who may see it.
/// </summary>
public sealed record CachedUploadStatus(string TenantId, string ProjectId, UploadStatusResponse Status);
