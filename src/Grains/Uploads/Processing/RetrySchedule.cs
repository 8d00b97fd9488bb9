namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>Exponential backoff with jitter, so uploads that failed together do not all come back together.</summary>
public static class RetrySchedule
{
    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan DelayAfter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        // Up to a quarter either way; jitter is in [0, 1).
        var spread = capped * 0.25 * ((jitter * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capped + spread));
    }
}
