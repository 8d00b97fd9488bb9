using BuildPeer.Grains.Storage;

namespace BuildPeer.UnitTests.Storage;

/// <summary>
/// Runs the writer on an exclusive scheduler, one task at a time, which is how a grain's turns run, and checks
/// that every caller's change is inside a write that finished before the caller was answered.
/// </summary>
public class CoalescingStateWriterTests
{
    private readonly TaskScheduler _grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private int _changes;
    private readonly List<int> _writtenUpTo = [];

    private async Task SlowWriteAsync()
    {
        var snapshot = _changes;
        await Task.Delay(20);
        _writtenUpTo.Add(snapshot);
    }

    private Task RunOnGrainAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, _grainLike).Unwrap();

    [Fact]
    public async Task Concurrent_changes_share_writes_and_each_is_durable_before_its_caller_returns()
    {
        var writer = new CoalescingStateWriter(SlowWriteAsync);

        var callers = Enumerable.Range(0, 50).Select(_ => RunOnGrainAsync(async () =>
        {
            var mine = ++_changes;
            await writer.WriteAsync();
            Assert.True(_writtenUpTo.Max() >= mine, $"Change {mine} was acknowledged before a write that contains it finished.");
        }));
        await Task.WhenAll(callers);

        Assert.InRange(_writtenUpTo.Count, 1, 5);
        Assert.Equal(50, _writtenUpTo[^1]);
    }

    [Fact]
    public async Task A_change_made_while_a_write_runs_goes_out_in_the_next_one()
    {
        var writer = new CoalescingStateWriter(SlowWriteAsync);

        var first = RunOnGrainAsync(async () => { _changes++; await writer.WriteAsync(); });
        await Task.Delay(5);
        var second = RunOnGrainAsync(async () => { _changes++; await writer.WriteAsync(); });
        await Task.WhenAll(first, second);

        Assert.Equal([1, 2], _writtenUpTo);
    }

    [Fact]
    public async Task A_failed_write_fails_its_callers_and_the_next_write_carries_their_changes()
    {
        var attempts = 0;
        var writer = new CoalescingStateWriter(async () =>
        {
            await Task.Delay(5);
            if (++attempts == 1)
            {
                throw new InvalidOperationException("storage down");
            }

            _writtenUpTo.Add(_changes);
        });

        var failing = RunOnGrainAsync(async () => { _changes++; await writer.WriteAsync(); });
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await RunOnGrainAsync(async () => { _changes++; await writer.WriteAsync(); });

        Assert.Equal([2], _writtenUpTo);
    }
}
