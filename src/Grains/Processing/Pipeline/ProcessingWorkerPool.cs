using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Processing.Pipeline;

/// <summary>
/// Runs processing off the grain scheduler, a bounded number at a time. Waiting work holds nothing but its place in
/// line: the download, the temp file and the decoder's memory exist only inside a slot, so memory stays bounded by
/// the worker count however many uploads arrive at once.
/// </summary>
public sealed class ProcessingWorkerPool : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public ProcessingWorkerPool(IOptions<ProcessingOptions> options)
    {
        Workers = options.Value.EffectiveWorkers;
        _slots = new SemaphoreSlim(Workers, Workers);
    }

    public int Workers { get; }

    /// <summary>Work waiting for a slot; a gauge for operators.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Busy => Workers - _slots.CurrentCount;

    /// <summary>Runs <paramref name="work"/> on the thread pool once a slot is free.</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        // Task.Run first: the caller may be a grain turn, and nothing below must run on its scheduler.
        Task.Run(async () =>
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _slots.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            try
            {
                return await work(cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);

    public void Dispose() => _slots.Dispose();
}
