using System.Diagnostics;
using BuildPeer.Processing.Telemetry;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>What an attempt tells operators: how long it held its worker, and how it ended.</summary>
public static class AttemptTelemetry
{
    /// <summary>Runs the attempt inside its worker slot, timing it from the moment the slot was taken.</summary>
    public static async Task<ProcessingOutcome> MeasureAsync(ProcessingJob job, Func<Task<ProcessingOutcome>> attempt)
    {
        Activity.Current?.AddEvent(new ActivityEvent("worker slot taken"));
        var started = Stopwatch.GetTimestamp();
        var outcome = await attempt();
        ProcessingMetrics.AttemptDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(ProcessingMetrics.OutcomeTag, OutcomeName(outcome.Kind)),
            new KeyValuePair<string, object?>(ProcessingMetrics.KindTag, ProcessingStep.KindName(job.ExpectedKind)));
        return outcome;
    }

    public static void RecordOutcome(Activity? attempt, ProcessingOutcome outcome)
    {
        if (attempt is null)
        {
            return;
        }

        attempt.SetTag("processing.outcome", OutcomeName(outcome.Kind));
        if (outcome.Kind is ProcessingOutcomeKind.Failed or ProcessingOutcomeKind.WorkerLost)
        {
            attempt.SetTag("error.code", outcome.ErrorCode);
            attempt.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }
        else if (outcome.Kind == ProcessingOutcomeKind.Retry)
        {
            attempt.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }
    }

    public static string OutcomeName(ProcessingOutcomeKind kind) => kind.ToString().ToLowerInvariant();
}
