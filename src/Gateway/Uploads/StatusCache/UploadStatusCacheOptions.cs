using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Gateway.Uploads.StatusCache;

/// <summary>
/// "StatusCache": how long a status is served from Redis. The upload's grain deletes the entry on every
/// transition; the TTL bounds how stale an entry filled by a read racing that delete can get, so it is short for
/// uploads still moving and longer for finished ones.
/// </summary>
public sealed class UploadStatusCacheOptions
{
    public const string SectionName = "StatusCache";

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "StatusCache:InFlightTtl must be between 100 ms and 1 hour.")]
    public TimeSpan InFlightTtl { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "StatusCache:FinishedTtl must be between 100 ms and 1 hour.")]
    public TimeSpan FinishedTtl { get; set; } = TimeSpan.FromMinutes(1);
}
