namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>
/// The current state a project stream starts with. A stateless worker: call it with key 0. It trusts the tenant
/// and project it is given, so callers must check access first.
/// </summary>
[Alias("uploads.feed.IProjectFeedSnapshotGrain")]
public interface IProjectFeedSnapshotGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Every upload of the project that is not terminal, and those that became terminal within
    /// <see cref="UploadFeed.RecentlyFinishedWindow"/>, oldest change first (at most a configured number, the
    /// most recent ones).
    /// </summary>
    [Alias("GetCurrent")]
    Task<IReadOnlyList<UploadChanged>> GetCurrentAsync(string tenantId, string projectId);
}
