using BuildPeer.Client.Uploads;

namespace BuildPeer.Client.Tests.Uploads;

public class ProgressTrackerTests
{
    [Fact]
    public async Task Parts_acknowledged_from_many_threads_are_reported_in_a_growing_sequence()
    {
        var reports = new List<UploadProgress>();
        var tracker = new ProgressTracker(new Recorder(reports), "/site/plan.pdf", 64 * 1000);
        tracker.Enter(UploadPhase.Uploading, Guid.NewGuid());

        await Parallel.ForEachAsync(Enumerable.Range(0, 64), (_, _) =>
        {
            tracker.Acknowledge(1000);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(65, reports.Count);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.Second.BytesAcknowledged > pair.First.BytesAcknowledged));
        Assert.Equal(64 * 1000, reports[^1].BytesAcknowledged);
    }

    [Fact]
    public void A_resume_starts_from_the_bytes_acknowledged_before_and_never_below_what_was_shown()
    {
        var reports = new List<UploadProgress>();
        var tracker = new ProgressTracker(new Recorder(reports), "/site/plan.pdf", 100);

        tracker.Restore(60);
        tracker.Restore(40);
        tracker.Acknowledge(30);

        Assert.Equal([60L, 60L, 90L], reports.Select(report => report.BytesAcknowledged));
    }

    [Fact]
    public void Phases_only_move_forward_and_the_upload_id_sticks()
    {
        var reports = new List<UploadProgress>();
        var tracker = new ProgressTracker(new Recorder(reports), "/site/plan.pdf", 100);
        var uploadId = Guid.NewGuid();

        tracker.Enter(UploadPhase.Uploading, uploadId);
        tracker.Enter(UploadPhase.Preparing);
        tracker.Enter(UploadPhase.Finished);

        Assert.Equal([UploadPhase.Uploading, UploadPhase.Uploading, UploadPhase.Finished], reports.Select(report => report.Phase));
        Assert.All(reports, report => Assert.Equal(uploadId, report.UploadId));
    }

    [Fact]
    public void Acknowledged_bytes_never_pass_the_file_size()
    {
        var reports = new List<UploadProgress>();
        var tracker = new ProgressTracker(new Recorder(reports), "/site/plan.pdf", 100);

        tracker.Restore(500);
        tracker.Acknowledge(10);

        Assert.All(reports, report => Assert.Equal(100, report.BytesAcknowledged));
    }

    private sealed class Recorder(List<UploadProgress> reports) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => reports.Add(value);
    }
}
