using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// A fake clock that counts the timers set on it, so a test can wait until the code under test is actually waiting
/// before it moves the clock: moved too early, a wait set afterwards would start from the new time and never end.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
