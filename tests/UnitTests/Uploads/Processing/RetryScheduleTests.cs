using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.UnitTests.Uploads.Processing;

public class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(7, 640)]
    [InlineData(8, 900)]
    [InlineData(60, 900)]
    public void Without_jitter_the_wait_doubles_from_the_base_up_to_the_cap(int attempt, int seconds)
    {
        // Jitter 0.5 is the middle of the spread, i.e. none.
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.DelayAfter(attempt, Base, Max, jitter: 0.5));
    }

    [Theory]
    [InlineData(0.0, 7.5)]
    [InlineData(0.999_999, 12.5)]
    public void Jitter_spreads_a_wait_by_a_quarter_either_way(double jitter, double seconds)
    {
        Assert.Equal(seconds, RetrySchedule.DelayAfter(1, Base, Max, jitter).TotalSeconds, 3);
    }

    [Fact]
    public void Attempts_are_counted_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.DelayAfter(0, Base, Max, 0.5));
    }
}
