using System.Threading.Channels;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// One open event stream. Changes wait in a bounded queue so that fanning out never waits for a client; a stream
/// whose client falls so far behind that the queue is full takes no more changes and, once it catches up, gets the
/// current state instead (a resync), as it does when its project's feed lost this gateway. Every change passes a
/// <see cref="VersionFilter"/>, so the overlap between a resync and live changes never moves a client backwards.
/// </summary>
public sealed partial class FeedFollower : IDisposable
{
    private readonly Channel<Signal> _queue;
    private readonly VersionFilter _sent = new();
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _keepAlive;
    private int _resync;
    private volatile bool _closed;

    public FeedFollower(FeedScope scope, PushOptions options, TimeProvider time, ILogger logger)
    {
        Scope = scope;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<Signal>(new BoundedChannelOptions(options.StreamBuffer) { SingleReader = true });
        _keepAlive = time.CreateTimer(_ => _queue.Writer.TryWrite(Signal.KeepAlive), null, options.KeepAliveInterval, options.KeepAliveInterval);
    }

    public FeedScope Scope { get; }

    /// <summary>Queues <paramref name="change"/> if the stream follows it; never waits.</summary>
    public void Offer(UploadChanged change)
    {
        // A fan-out already under way may still reach a stream that just closed: not a client falling behind.
        if (!_closed && Scope.Includes(change) && !_queue.Writer.TryWrite(new Signal(change)) && !_closed)
        {
            if (Interlocked.Exchange(ref _resync, 1) == 0)
            {
                LogFellBehind(Scope.FeedKey, Scope.UploadId);
            }
        }
    }

    /// <summary>Changes may have been missed: send the current state before anything else.</summary>
    public void RequestResync()
    {
        Volatile.Write(ref _resync, 1);
        // Only to wake the reader; a full queue wakes it anyway.
        _queue.Writer.TryWrite(Signal.Wake);
    }

    /// <summary>
    /// Sends <paramref name="initial"/> (the state read after the stream subscribed), then every change, until
    /// cancelled. <paramref name="readCurrent"/> reads the state again for a resync.
    /// </summary>
    public async Task PumpAsync(IReadOnlyList<UploadChanged> initial,
        Func<CancellationToken, Task<IReadOnlyList<UploadChanged>>> readCurrent, IFeedSink sink, CancellationToken cancellationToken)
    {
        await SendAsync(initial, sink, cancellationToken);
        var reader = _queue.Reader;
        while (true)
        {
            if (Interlocked.Exchange(ref _resync, 0) == 1)
            {
                // Whatever waits is older than the state about to be read, which covers it.
                while (reader.TryRead(out _))
                {
                }

                try
                {
                    await SendAsync(await readCurrent(cancellationToken), sink, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogResyncFailed(exception, Scope.FeedKey);
                    Volatile.Write(ref _resync, 1);
                    await Task.Delay(_options.ResyncRetryDelay, _time, cancellationToken);
                }

                continue;
            }

            if (!reader.TryRead(out var signal))
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    return;
                }

                continue;
            }

            if (signal.Change is { } change)
            {
                await SendAsync([change], sink, cancellationToken);
            }
            else if (signal.IsKeepAlive)
            {
                await sink.KeepAliveAsync(cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        _closed = true;
        _keepAlive.Dispose();
        _queue.Writer.TryComplete();
    }

    private async Task SendAsync(IEnumerable<UploadChanged> changes, IFeedSink sink, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (Scope.Includes(change) && _sent.Admit(change.UploadId, change.Version))
            {
                await sink.SendAsync(change, cancellationToken);
            }
        }
    }

    /// <summary>A change to send, a keep-alive to write, or only a wake-up for a resync.</summary>
    private readonly record struct Signal(UploadChanged? Change, bool IsKeepAlive = false)
    {
        public static readonly Signal KeepAlive = new(null, IsKeepAlive: true);

        public static readonly Signal Wake = new(null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A stream of {FeedKey} (upload {UploadId}) fell behind; it gets the current state once it catches up")]
    private partial void LogFellBehind(string feedKey, Guid? uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stream of {FeedKey} could not read the current state; trying again")]
    private partial void LogResyncFailed(Exception exception, string feedKey);
}
