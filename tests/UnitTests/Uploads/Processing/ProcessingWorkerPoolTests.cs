using BuildPeer.Grains.Uploads.Processing;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Processing;

public class ProcessingWorkerPoolTests
{
    [Fact]
    public async Task No_more_than_the_worker_count_run_at_once_and_the_rest_are_counted_as_waiting()
    {
        using var pool = new ProcessingWorkerPool(Options.Create(new ProcessingOptions { Workers = 2 }));
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var mostAtOnce = 0;

        var jobs = Enumerable.Range(0, 6).Select(_ => pool.RunAsync(async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            var result = await release.Task;
            Interlocked.Decrement(ref running);
            return result;
        }, CancellationToken.None)).ToList();

        await WaitUntilAsync(() => pool.Busy == 2 && pool.Waiting == 4);
        release.SetResult(7);

        Assert.All(await Task.WhenAll(jobs), result => Assert.Equal(7, result));
        Assert.Equal(2, mostAtOnce);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(0, pool.Busy);
    }

    [Fact]
    public void Zero_workers_means_one_per_core()
    {
        using var pool = new ProcessingWorkerPool(Options.Create(new ProcessingOptions { Workers = 0 }));

        Assert.Equal(Environment.ProcessorCount, pool.Workers);
    }

    [Fact]
    public async Task Draining_hands_back_waiting_work_and_lets_running_work_finish_within_the_grace()
    {
        using var pool = new ProcessingWorkerPool(Options.Create(new ProcessingOptions { Workers = 1 }));
        var finish = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var running = pool.RunAsync(_ => { Interlocked.Increment(ref started); return finish.Task; }, CancellationToken.None);
        // The second only once the first holds the slot: Task.Run promises no order, and run first it would finish.
        await WaitUntilAsync(() => Volatile.Read(ref started) == 1 && pool.Busy == 1);
        var waiting = pool.RunAsync(_ => { Interlocked.Increment(ref started); return Task.FromResult(2); }, CancellationToken.None);
        await WaitUntilAsync(() => pool.Busy == 1 && pool.Waiting == 1);

        var drain = pool.DrainAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(drain.IsCompleted);
        finish.SetResult(1);

        await drain;
        Assert.Equal(1, await running);
        Assert.Equal(1, started);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RunAsync(_ => Task.FromResult(3), CancellationToken.None));
    }

    [Fact]
    public async Task Draining_cancels_running_work_once_the_grace_is_over()
    {
        using var pool = new ProcessingWorkerPool(Options.Create(new ProcessingOptions { Workers = 1 }));
        var running = pool.RunAsync(async token =>
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return token.IsCancellationRequested ? "handed back" : "finished";
        }, CancellationToken.None);
        await WaitUntilAsync(() => pool.Busy == 1);

        await pool.DrainAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal("handed back", await running);
        Assert.Equal(0, pool.Busy);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The pool did not reach the expected state.");
            await Task.Delay(10);
        }
    }
}
