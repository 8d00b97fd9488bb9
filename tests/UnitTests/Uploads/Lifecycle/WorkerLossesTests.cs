using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.UnitTests.Uploads.Lifecycle;

public sealed class WorkerLossesTests
{
    private const int Max = 2;

    [Fact]
    public void Two_silos_lost_mid_attempt_exhaust_the_file_although_neither_reported()
    {
        var losses = WorkerLosses.Presumed(0); // attempt 1 starts; its silo dies, nothing reports
        Assert.False(WorkerLosses.Exhausted(losses, Max));
        losses = WorkerLosses.Presumed(losses); // attempt 2 on another silo; that one dies too

        Assert.True(WorkerLosses.Exhausted(losses, Max));
    }

    [Fact]
    public void A_killed_worker_then_a_lost_silo_exhaust_the_file()
    {
        var losses = WorkerLosses.Settled(WorkerLosses.Presumed(0), ProcessingOutcomeKind.WorkerLost);
        Assert.Equal(1, losses);

        Assert.True(WorkerLosses.Exhausted(WorkerLosses.Presumed(losses), Max));
    }

    [Theory]
    [InlineData(ProcessingOutcomeKind.Retry)]
    [InlineData(ProcessingOutcomeKind.Completed)]
    [InlineData(ProcessingOutcomeKind.Failed)]
    [InlineData(ProcessingOutcomeKind.Quarantined)]
    public void Attempts_that_report_anything_else_never_count_however_many_there_are(ProcessingOutcomeKind kind)
    {
        var losses = 0;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            losses = WorkerLosses.Settled(WorkerLosses.Presumed(losses), kind);
        }

        Assert.Equal(0, losses);
        Assert.Equal(0, WorkerLosses.Settled(0, kind));
    }
}
