namespace BuildPeer.Grains.Uploads.StatusCache;

/// <summary>Drops an upload's cached status after it changed. Never throws: the cache's TTL bounds staleness if Redis is down.</summary>
public interface IUploadStatusInvalidator
{
    Task InvalidateAsync(Guid uploadId);
}
