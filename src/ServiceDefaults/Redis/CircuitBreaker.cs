namespace BuildPeer.ServiceDefaults.Redis;

/// <summary>
/// Closed, open, half-open, for a dependency whose failure has a fallback: one failure opens it for
/// <c>openPeriod</c>, during which callers skip the dependency at no cost; then one trial call is let through, and
/// its success closes it again. Thread-safe, lock-free, driven by <see cref="TimeProvider"/>.
/// </summary>
public sealed class CircuitBreaker(TimeSpan openPeriod, TimeProvider time)
{
    private const long Closed = 0;
    private long _openUntil = Closed;
    private int _trialTaken;

    public bool IsOpen => Interlocked.Read(ref _openUntil) != Closed;

    /// <summary>Whether a call may go to the dependency now; after a true, report the call's outcome.</summary>
    public bool TryEnter()
    {
        var openUntil = Interlocked.Read(ref _openUntil);
        if (openUntil == Closed)
        {
            return true;
        }

        // Half-open once the period is over: exactly one caller gets to try.
        return time.GetUtcNow().UtcTicks >= openUntil && Interlocked.CompareExchange(ref _trialTaken, 1, 0) == 0;
    }

    /// <summary>The call worked; true when this closed an open breaker (the dependency is back).</summary>
    public bool Succeeded()
    {
        var wasOpen = Interlocked.Exchange(ref _openUntil, Closed) != Closed;
        Volatile.Write(ref _trialTaken, 0);
        return wasOpen;
    }

    /// <summary>The call failed: skip the dependency for the open period. True when this opened a closed breaker.</summary>
    public bool Failed()
    {
        var wasClosed = Interlocked.Exchange(ref _openUntil, (time.GetUtcNow() + openPeriod).UtcTicks) == Closed;
        Volatile.Write(ref _trialTaken, 0);
        return wasClosed;
    }
}
