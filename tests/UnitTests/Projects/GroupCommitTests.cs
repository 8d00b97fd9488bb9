using BuildPeer.Grains.Projects.Quota;

namespace BuildPeer.UnitTests.Projects;

/// <summary>The project's group commit, driven by hand: each write waits until the test lets it finish.</summary>
public class GroupCommitTests
{
    private readonly List<(IReadOnlyList<int> Items, TaskCompletionSource Done)> _writes = [];

    [Fact]
    public async Task What_is_enlisted_while_a_write_is_in_flight_goes_out_together_in_the_next_one()
    {
        var commit = new GroupCommit<int>(WriteAsync);

        var first = commit.Enlist([1]);
        var second = commit.Enlist([2, 3]);
        var third = commit.Enlist([4]);

        Assert.Single(_writes);
        Assert.Equal([1], _writes[0].Items);
        Assert.False(first.IsCompleted);

        _writes[0].Done.SetResult();
        await first;
        await WaitForWritesAsync(2);
        Assert.Equal([2, 3, 4], _writes[1].Items);
        Assert.False(second.IsCompleted);

        _writes[1].Done.SetResult();
        await Task.WhenAll(second, third);
        Assert.Equal(2, _writes.Count);
        await WaitForAsync(() => commit.Idle);
    }

    [Fact]
    public async Task A_failed_write_fails_every_caller_of_its_batch_and_the_next_batch_still_goes_out()
    {
        var commit = new GroupCommit<int>(WriteAsync);
        var first = commit.Enlist([1]);
        var second = commit.Enlist([2]);
        var third = commit.Enlist([3]);

        _writes[0].Done.SetResult();
        await first;
        await WaitForWritesAsync(2);
        _writes[1].Done.SetException(new TimeoutException("database away"));

        Assert.Equal("database away", (await Assert.ThrowsAsync<TimeoutException>(() => second)).Message);
        Assert.Equal("database away", (await Assert.ThrowsAsync<TimeoutException>(() => third)).Message);

        // The grain enlists from its own turns only; here the drain must have ended before the test goes on.
        await WaitForAsync(() => commit.Idle);
        var fourth = commit.Enlist([4]);
        await WaitForWritesAsync(3);
        Assert.Equal([4], _writes[2].Items);
        _writes[2].Done.SetResult();
        await fourth;
    }

    private Task WriteAsync(IReadOnlyList<int> items)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_writes)
        {
            _writes.Add((items, done));
        }

        return done.Task;
    }

    private Task WaitForWritesAsync(int count) => WaitForAsync(() =>
    {
        lock (_writes)
        {
            return _writes.Count >= count;
        }
    });

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(1);
        }
    }
}
