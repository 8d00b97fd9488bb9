using System.Collections.Concurrent;
using System.Diagnostics;
using BuildPeer.Processing.Telemetry;

namespace BuildPeer.Processing.Parsers;

/// <summary>
/// Inside a parser worker: keeps the processing steps that ended (the same <see cref="ProcessingStep"/> spans the
/// parsers start), so each reply can carry them back to the silo, which exports them.
/// </summary>
public sealed class StepRecorder : IDisposable
{
    private readonly ConcurrentQueue<ParsedStep> _steps = new();
    private readonly ActivityListener _listener;

    public StepRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(ProcessingMetrics.StepTag) is string step)
                {
                    _steps.Enqueue(new ParsedStep(step, new DateTimeOffset(activity.StartTimeUtc, TimeSpan.Zero), activity.Duration));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The steps ended since the last call, oldest first.</summary>
    public IReadOnlyList<ParsedStep> Take()
    {
        var taken = new List<ParsedStep>();
        while (_steps.TryDequeue(out var step))
        {
            taken.Add(step);
        }

        return taken;
    }

    public void Dispose() => _listener.Dispose();
}
