using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.ServiceDefaults.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BuildPeer.Grains.Uploads.StatusCache;

/// <summary>
/// Drops cached statuses through <see cref="RedisCircuit"/>: while Redis is down a transition pays nothing for it.
/// The uploads it could not reach are remembered and dropped as soon as Redis answers again, so no status cached
/// before an outage is served after it (see docs/architecture.md, "Degradation").
/// </summary>
public sealed partial class RedisUploadStatusInvalidator : IUploadStatusInvalidator
{
    private const int ReplayBatch = 500;
    private readonly RedisCircuit _redis;
    private readonly MissedInvalidations _missed = new();
    private readonly ILogger<RedisUploadStatusInvalidator> _logger;
    private int _replaying;

    public RedisUploadStatusInvalidator(RedisCircuit redis, ILogger<RedisUploadStatusInvalidator> logger)
    {
        _redis = redis;
        _logger = logger;
        _redis.Recovered += () => _ = ReplayAsync();
    }

    public async Task InvalidateAsync(Guid uploadId)
    {
        if (!(await _redis.TryAsync(database => database.KeyDeleteAsync(UploadStatusCacheKey.For(uploadId)))).Succeeded)
        {
            _missed.Add(uploadId);
            return;
        }

        if (_missed.Count > 0)
        {
            await ReplayAsync();
        }
    }

    private async Task ReplayAsync()
    {
        // One replay at a time; another trigger while one runs finds what is left on its next call.
        if (Interlocked.Exchange(ref _replaying, 1) == 1)
        {
            return;
        }

        try
        {
            var replayed = 0;
            while (_missed.NextBatch(ReplayBatch) is { Count: > 0 } batch)
            {
                var keys = batch.Select(uploadId => (RedisKey)UploadStatusCacheKey.For(uploadId)).ToArray();
                if (!(await _redis.TryAsync(database => database.KeyDeleteAsync(keys))).Succeeded)
                {
                    return;
                }

                _missed.Done(batch);
                replayed += batch.Count;
            }

            if (replayed > 0)
            {
                LogReplayed(replayed);
            }
        }
        finally
        {
            Volatile.Write(ref _replaying, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} cached statuses whose invalidation Redis missed while it was down")]
    private partial void LogReplayed(int count);
}
