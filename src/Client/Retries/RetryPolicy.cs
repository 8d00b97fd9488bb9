using System.Net;

namespace BuildPeer.Client.Retries;

/// <summary>
/// How often and how long to wait: exponential backoff with "equal jitter" (half the step fixed, half random), so
/// retries back off quickly yet parallel parts that failed together do not come back together.
/// </summary>
internal sealed class RetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public int MaxRetries { get; } = maxRetries;

    public static RetryPolicy From(BuildPeerClientOptions options) =>
        new(options.MaxRetries, options.RetryBaseDelay, options.RetryMaxDelay);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);

        // Capped before it can overflow: 2^30 times any useful base delay is far beyond any useful maximum.
        var step = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (1L << Math.Min(retry - 1, 30)));
        if (step < 0)
        {
            step = maxDelay.Ticks;
        }

        return TimeSpan.FromTicks((step / 2) + (long)(step / 2 * _random()));
    }

    public Task WaitBeforeAsync(int retry, CancellationToken cancellationToken) =>
        Task.Delay(DelayBefore(retry), cancellationToken);

    /// <summary>Answers that a later attempt may get right: time-outs, throttling and server faults.</summary>
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;

    /// <summary>
    /// Failures of the exchange itself: the connection was refused, reset or cut mid-body, or the attempt's own time
    /// limit ran out. The caller's cancellation is never transient.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
