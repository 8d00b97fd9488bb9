namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>Finds an earlier finished upload of the same bytes in the same project.</summary>
public interface IDuplicateFinder
{
    /// <summary>The oldest COMPLETED upload other than <paramref name="uploadId"/> with this SHA-256; null if none, or if the lookup failed.</summary>
    Task<Guid?> FindAsync(string tenantId, string projectId, string sha256, Guid uploadId, CancellationToken cancellationToken);
}
