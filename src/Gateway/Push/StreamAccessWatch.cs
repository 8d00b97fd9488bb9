namespace BuildPeer.Gateway.Push;

/// <summary>
/// Keeps asking whether an open stream's caller may still follow it: the same check as when it opened (tenant,
/// project membership or tenant admin), every <see cref="PushOptions.AccessCheckInterval"/>, and the token's expiry
/// to the second. <see cref="WatchAsync"/> returns the reason once access is lost; the stream then ends, and the
/// client's reconnect meets the ordinary 401/404. A check that fails (the cluster unreachable) counts as neither:
/// the next one decides, so a blip does not drop every stream at once.
/// </summary>
public sealed partial class StreamAccessWatch(
    Func<CancellationToken, Task<bool>> stillAllowed,
    DateTimeOffset? tokenExpiresAt,
    TimeSpan interval,
    TimeProvider time,
    ILogger logger)
{
    public const string TokenExpired = "token expired";
    public const string AccessWithdrawn = "access withdrawn";

    public async Task<string> WatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            if (tokenExpiresAt is { } expiry && expiry <= now)
            {
                return TokenExpired;
            }

            var wait = tokenExpiresAt is { } end && end - now < interval ? end - now : interval;
            await Task.Delay(wait, time, cancellationToken);
            if (tokenExpiresAt is { } expired && expired <= time.GetUtcNow())
            {
                return TokenExpired;
            }

            try
            {
                if (!await stillAllowed(cancellationToken))
                {
                    return AccessWithdrawn;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check an event stream's access; checking again next period")]
    private partial void LogCheckFailed(Exception exception);
}
