using BuildPeer.Grains.Processing.Pipeline;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Pipeline;

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
