using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// Runs processing off the grain scheduler, a bounded number at a time. Waiting work holds nothing but its place in
/// line: the download, the temp file and the decoder's memory exist only inside a slot, so memory stays bounded by
/// the worker count however many uploads arrive at once. At shutdown it drains (<see cref="DrainAsync"/>).
/// </summary>
public sealed class ProcessingWorkerPool : IDisposable
{
    private static readonly TimeSpan DrainPollPeriod = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _slots;

    /// <summary>Cancelled when the silo begins to stop: no more slots are handed out.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled when the drain's grace is over: running work gives up.</summary>
    private readonly CancellationTokenSource _abandon = new();

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

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool once a slot is free. Throws
    /// <see cref="OperationCanceledException"/> without running it when the pool stops first; <paramref name="work"/>'s
    /// token is cancelled when the pool gives up on running work.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        // Task.Run first: the caller may be a grain turn, and nothing below must run on its scheduler.
        Task.Run(async () =>
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            Interlocked.Increment(ref _waiting);
            try
            {
                await _slots.WaitAsync(waiting.Token);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            try
            {
                // A slot freed at the moment the drain began is not used for new work.
                _stopping.Token.ThrowIfCancellationRequested();
                using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
                return await work(running.Token);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);

    /// <summary>
    /// Stops handing out slots (waiting work ends with <see cref="OperationCanceledException"/>), gives running work
    /// <paramref name="grace"/> to finish, then cancels what is left and waits for it to return for as long as
    /// <paramref name="cancellationToken"/> allows.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var deadline = DateTime.UtcNow + grace;
        while (Busy > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(DrainPollPeriod, CancellationToken.None);
        }

        if (Busy == 0)
        {
            return;
        }

        await _abandon.CancelAsync();
        while (Busy > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(DrainPollPeriod, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _stopping.Dispose();
        _abandon.Dispose();
    }
}
