using BuildPeer.Grains.Uploads.Processing.Recovery;

namespace BuildPeer.UnitTests.Faults;

public class RecoveryDetectorTests
{
    [Fact]
    public void Probes_that_always_pass_wake_nothing()
    {
        var detector = new RecoveryDetector();

        Assert.False(detector.Observe([]));
        Assert.False(detector.Observe([]));
    }

    [Fact]
    public void The_first_probe_in_which_all_answer_after_an_outage_wakes_once()
    {
        var detector = new RecoveryDetector();

        Assert.False(detector.Observe(["clamd"]));
        Assert.False(detector.Observe(["clamd", "s3"]));
        Assert.Equal(["clamd", "s3"], detector.Down);
        Assert.False(detector.Observe(["s3"]));
        Assert.True(detector.Observe([]));
        Assert.False(detector.Observe([]));
    }

    [Fact]
    public void An_outage_seen_before_nothing_waited_any_more_is_forgotten()
    {
        var detector = new RecoveryDetector();
        detector.Observe(["postgresql"]);

        detector.Reset();

        Assert.Empty(detector.Down);
        Assert.False(detector.Observe([]));
    }
}
