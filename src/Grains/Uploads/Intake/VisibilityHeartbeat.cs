using Amazon.SQS;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>
/// Keeps one received message invisible while it is being handled: every third of the visibility timeout it asks
/// SQS for another full one, so one late or failed extension still leaves time for the next. Stops when disposed. A failed extension is only logged: the worst case is a duplicate
/// delivery, which the grains absorb.
/// </summary>
public sealed partial class VisibilityHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    private VisibilityHeartbeat(IAmazonSQS sqs, string queueUrl, string receiptHandle, TimeSpan visibility, ILogger logger)
    {
        _loop = BeatAsync(sqs, queueUrl, receiptHandle, visibility, logger, _stop.Token);
    }

    public static VisibilityHeartbeat Start(IAmazonSQS sqs, string queueUrl, string receiptHandle, TimeSpan visibility, ILogger logger) =>
        new(sqs, queueUrl, receiptHandle, visibility, logger);

    private static async Task BeatAsync(IAmazonSQS sqs, string queueUrl, string receiptHandle, TimeSpan visibility,
        ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(visibility / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await sqs.ChangeMessageVisibilityAsync(queueUrl, receiptHandle, (int)visibility.TotalSeconds, stop);
                    LogExtended(logger, visibility);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogExtensionFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the message is done.
        }
    }

    /// <summary>Stops extending; safe to call more than once (a shutdown hand-back and the handler both do).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Extended a message's visibility by {Visibility}")]
    private static partial void LogExtended(ILogger logger, TimeSpan visibility);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending a message's visibility failed")]
    private static partial void LogExtensionFailed(ILogger logger, Exception exception);
}
