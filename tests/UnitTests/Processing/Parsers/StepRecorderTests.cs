using System.Diagnostics;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Parsers;
using BuildPeer.Processing.Telemetry;

namespace BuildPeer.UnitTests.Processing.Parsers;

/// <summary>A worker's steps travel back in its reply and become spans under the silo's attempt, with their own times.</summary>
[Collection(ProcessingActivities.Name)]
public class StepRecorderTests
{
    [Fact]
    public void The_worker_keeps_each_ended_step_once()
    {
        using var recorder = new StepRecorder();
        using (ProcessingStep.Start(ProcessingStep.Thumbnails, ContentKind.Jpeg))
        {
        }

        using (ProcessingStep.Start(ProcessingStep.Exif, ContentKind.Jpeg))
        {
        }

        var steps = recorder.Take();

        Assert.Equal([ProcessingStep.Thumbnails, ProcessingStep.Exif], steps.Select(step => step.Step));
        Assert.All(steps, step => Assert.True(step.Duration >= TimeSpan.Zero));
        Assert.Empty(recorder.Take());
    }

    [Fact]
    public void A_replayed_step_is_a_child_of_the_current_span_with_the_workers_times()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var startedAt = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

        using (var attempt = ProcessingTelemetry.Source.StartActivity("processing.attempt"))
        {
            ProcessingStep.Replay(ProcessingStep.Exif, ContentKind.Heif, startedAt, TimeSpan.FromMilliseconds(42));

            var exif = Assert.Single(stopped, activity => activity.DisplayName == "processing.exif");
            Assert.Equal(attempt!.SpanId, exif.ParentSpanId);
            Assert.Equal(startedAt.UtcDateTime, exif.StartTimeUtc);
            Assert.Equal(TimeSpan.FromMilliseconds(42), exif.Duration);
            Assert.Equal("heif", exif.GetTagItem(ProcessingMetrics.KindTag));
        }
    }
}

/// <summary>Tests that listen to the processing spans run one at a time, so none sees another's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessingActivities
{
    public const string Name = "processing activities";
}
