using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BuildPeer.Grains.StatusCache;

public sealed partial class RedisUploadStatusInvalidator(IConnectionMultiplexer redis, ILogger<RedisUploadStatusInvalidator> logger)
    : IUploadStatusInvalidator
{
    public async Task InvalidateAsync(Guid uploadId)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(UploadStatusCacheKey.For(uploadId));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogInvalidationFailed(exception, uploadId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate the cached status of upload {UploadId}; it expires with its TTL")]
    private partial void LogInvalidationFailed(Exception exception, Guid uploadId);
}
