using System.Text.Json;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Uploads.StatusCache;

/// <summary>
/// Read-through cache of upload statuses in Redis. Any Redis fault is a miss: the grain always answers. Redis is
/// reached through <see cref="RedisCircuit"/>, so while it is down the cache costs nothing.
/// </summary>
public sealed partial class UploadStatusCache(
    RedisCircuit redis,
    IOptions<UploadStatusCacheOptions> options,
    TimeProvider time,
    ILogger<UploadStatusCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CachedUploadStatus?> GetAsync(Guid uploadId)
    {
        var (read, value) = await redis.TryAsync(database => database.StringGetAsync(UploadStatusCacheKey.For(uploadId)));
        if (!read || value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            // Written before Redis last came back: its invalidation may have been lost during the outage.
            return JsonSerializer.Deserialize<CachedUploadStatus>(value.ToString(), Json) is { } cached
                && cached.CachedAt > redis.LastRecoveredAt
                ? cached
                : null;
        }
        catch (JsonException exception)
        {
            LogCacheFault(exception, uploadId);
            return null;
        }
    }

    public async Task SetAsync(Guid uploadId, CachedUploadStatus status, bool finished)
    {
        var ttl = finished ? options.Value.FinishedTtl : options.Value.InFlightTtl;
        var json = JsonSerializer.Serialize(status with { CachedAt = time.GetUtcNow() }, Json);
        await redis.TryAsync(database => database.StringSetAsync(UploadStatusCacheKey.For(uploadId), json, ttl));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable cached status for upload {UploadId}; answering from the grain")]
    private partial void LogCacheFault(Exception exception, Guid uploadId);
}
