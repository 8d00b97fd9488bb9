using System.Text.Json;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildPeer.Gateway.Uploads.StatusCache;

/// <summary>Read-through cache of upload statuses in Redis. Any Redis fault is a miss: the grain always answers.</summary>
public sealed partial class UploadStatusCache(
    IConnectionMultiplexer redis,
    IOptions<UploadStatusCacheOptions> options,
    ILogger<UploadStatusCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CachedUploadStatus?> GetAsync(Guid uploadId)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(UploadStatusCacheKey.For(uploadId));
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<CachedUploadStatus>(value.ToString(), Json);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or JsonException)
        {
            LogCacheFault(exception, uploadId);
            return null;
        }
    }

    public async Task SetAsync(Guid uploadId, CachedUploadStatus status, bool finished)
    {
        try
        {
            var ttl = finished ? options.Value.FinishedTtl : options.Value.InFlightTtl;
            await redis.GetDatabase().StringSetAsync(UploadStatusCacheKey.For(uploadId), JsonSerializer.Serialize(status, Json), ttl);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogCacheFault(exception, uploadId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status cache unavailable for upload {UploadId}; answering from the grain")]
    private partial void LogCacheFault(Exception exception, Guid uploadId);
}
