using System.Threading.Channels;
using Npgsql;

namespace BuildPeer.Grains.Batching;

/// <summary>
/// Hands queued items to one statement at a time: what arrives while a statement is in flight (or within
/// <c>window</c>) goes out together in the next, so under load the number of statements follows the database's
/// latency, not the number of callers, and a lone item pays no delay. Items with a key already in the batch wait for
/// the next one (a statement may touch a row once). Thread-safe; <c>execute</c> completes each item's caller, and a
/// statement that throws fails every one of them, or, with <c>isolateRefusals</c>, a batch PostgreSQL refused for one
/// row's sake (a constraint) is sent again item by item, so only the offending caller fails.
/// </summary>
internal sealed class StatementBatches<T> : IAsyncDisposable
    where T : IBatchedCall
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<List<T>, Task> _execute;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _window;
    private readonly Func<T, object>? _key;
    private readonly bool _isolateRefusals;
    private readonly Task _loop;

    public StatementBatches(Func<List<T>, Task> execute, int maxBatchSize, TimeSpan window, Func<T, object>? key = null,
        bool isolateRefusals = false)
    {
        _execute = execute;
        _maxBatchSize = maxBatchSize;
        _window = window;
        _key = key;
        _isolateRefusals = isolateRefusals;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues <paramref name="item"/>; false once disposed.</summary>
    public bool TryAdd(T item) => _queue.Writer.TryWrite(item);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var deferred = new List<T>();
        while (deferred.Count > 0 || await reader.WaitToReadAsync())
        {
            if (_window > TimeSpan.Zero)
            {
                await Task.Delay(_window);
            }

            var batch = new List<T>();
            var keys = _key is null ? null : new HashSet<object>();
            var carried = deferred;
            deferred = [];
            foreach (var item in carried)
            {
                Take(item);
            }

            while (batch.Count < _maxBatchSize && reader.TryRead(out var next))
            {
                Take(next);
            }

            if (batch.Count > 0)
            {
                await ExecuteAsync(batch);
            }

            void Take(T item)
            {
                if (batch.Count < _maxBatchSize && (keys is null || keys.Add(_key!(item))))
                {
                    batch.Add(item);
                }
                else
                {
                    deferred.Add(item);
                }
            }
        }
    }

    private async Task ExecuteAsync(List<T> batch)
    {
        try
        {
            await _execute(batch);
        }
        catch (PostgresException refused) when (_isolateRefusals && batch.Count > 1 && !refused.IsTransient)
        {
            foreach (var item in batch)
            {
                await ExecuteAsync([item]);
            }
        }
        catch (Exception exception)
        {
            foreach (var item in batch)
            {
                item.Fail(exception);
            }
        }
    }
}
