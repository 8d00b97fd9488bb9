using BuildPeer.Gateway.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Push;

public sealed class StreamAccessWatchTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(Changes.At);
    private readonly CancellationTokenSource _stop = new();
    private int _checks;

    private Task<string> Watch(Func<bool> allowed, DateTimeOffset? expiresAt = null) =>
        new StreamAccessWatch(_ =>
        {
            Interlocked.Increment(ref _checks);
            return Task.FromResult(allowed());
        }, expiresAt, Interval, _time, NullLogger.Instance).WatchAsync(_stop.Token);

    private async Task AdvanceAsync(TimeSpan by, int expectedChecks)
    {
        _time.Advance(by);
        await Waiting.UntilAsync(() => Volatile.Read(ref _checks) >= expectedChecks, $"{expectedChecks} checks");
    }

    [Fact]
    public async Task Access_is_checked_again_each_interval_and_a_withdrawal_ends_the_watch()
    {
        var allowed = true;
        var watching = Watch(() => allowed);

        await AdvanceAsync(Interval, 1);
        await AdvanceAsync(Interval, 2);
        Assert.False(watching.IsCompleted);

        allowed = false;
        await AdvanceAsync(Interval, 3);
        Assert.Equal(StreamAccessWatch.AccessWithdrawn, await watching.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Nothing_is_checked_before_the_interval_is_up()
    {
        var watching = Watch(() => false);

        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        await Task.Delay(50);

        Assert.Equal(0, Volatile.Read(ref _checks));
        Assert.False(watching.IsCompleted);
        _stop.Cancel();
    }

    [Fact]
    public async Task The_token_expiring_ends_the_watch_on_the_dot_not_at_the_next_check()
    {
        var watching = Watch(() => true, Changes.At + TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(StreamAccessWatch.TokenExpired, await watching.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, Volatile.Read(ref _checks));
    }

    [Fact]
    public async Task A_check_that_fails_is_not_a_withdrawal()
    {
        var calls = 0;
        var watching = new StreamAccessWatch(_ => ++calls == 1 ? throw new TimeoutException("cluster away") : Task.FromResult(false),
            null, Interval, _time, NullLogger.Instance).WatchAsync(_stop.Token);

        _time.Advance(Interval);
        await Waiting.UntilAsync(() => calls >= 1, "the failed check");
        Assert.False(watching.IsCompleted);

        _time.Advance(Interval);
        Assert.Equal(StreamAccessWatch.AccessWithdrawn, await watching.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
