using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildPeer.ServiceDefaults.Redis;

/// <summary>
/// The one way this process uses Redis: each call is skipped while the connection is down or the breaker is open,
/// and given up after the call budget, so a Redis outage costs a caller at most the budget once, then nothing.
/// <see cref="Recovered"/> fires when Redis answers again, for whoever has work it could not do meanwhile.
/// </summary>
public sealed partial class RedisCircuit
{
    private readonly IConnectionMultiplexer _redis;
    private readonly CircuitBreaker _breaker;
    private readonly TimeSpan _budget;
    private readonly ILogger<RedisCircuit> _logger;
    private readonly TimeProvider _time;
    private long _lastRecoveredAt;

    public RedisCircuit(IConnectionMultiplexer redis, IOptions<RedisCircuitOptions> options, TimeProvider time, ILogger<RedisCircuit> logger)
    {
        _redis = redis;
        _breaker = new CircuitBreaker(options.Value.OpenPeriod, time);
        _budget = options.Value.CallBudget;
        _logger = logger;
        _time = time;
        // The connection is back: no need to wait out the open period for a trial call.
        _redis.ConnectionRestored += (_, _) => OnRecovered(_breaker.Succeeded());
    }

    /// <summary>Raised (on a pool thread) when the connection is restored or a trial call closes the breaker.</summary>
    public event Action? Recovered;

    public bool IsOpen => _breaker.IsOpen || !_redis.IsConnected;

    /// <summary>
    /// When Redis last came back after this process could not reach it. Anything written before then may have
    /// missed an invalidation meanwhile, so readers distrust it.
    /// </summary>
    public DateTimeOffset LastRecoveredAt => new(Interlocked.Read(ref _lastRecoveredAt), TimeSpan.Zero);

    /// <summary>Runs <paramref name="call"/> against Redis if it may; (false, default) when it was skipped or failed.</summary>
    public async Task<(bool Succeeded, T? Value)> TryAsync<T>(Func<IDatabase, Task<T>> call)
    {
        if (!_redis.IsConnected || !_breaker.TryEnter())
        {
            return (false, default);
        }

        try
        {
            var value = await call(_redis.GetDatabase()).WaitAsync(_budget);
            if (_breaker.Succeeded())
            {
                OnRecovered(wasOpen: true);
            }

            return (true, value);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (_breaker.Failed())
            {
                LogOpened(exception, _budget);
            }

            return (false, default);
        }
    }

    private void OnRecovered(bool wasOpen)
    {
        Interlocked.Exchange(ref _lastRecoveredAt, _time.GetUtcNow().UtcTicks);
        if (wasOpen)
        {
            LogClosed();
        }

        Recovered?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis failed or took longer than {Budget}; skipping it for a while")]
    private partial void LogOpened(Exception exception, TimeSpan budget);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again; the status cache is back in use")]
    private partial void LogClosed();
}
