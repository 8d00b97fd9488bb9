using System.Diagnostics;
using BuildPeer.Processing.Content;

namespace BuildPeer.Processing.Telemetry;

/// <summary>
/// One step of a processing attempt: a span under the attempt's and a sample of
/// <see cref="ProcessingMetrics.StepDuration"/> tagged by step and kind of file, both ended on dispose.
/// </summary>
public readonly struct ProcessingStep : IDisposable
{
    /// <summary>Download, spool, hash and scan: one streaming pass.</summary>
    public const string Scan = "scan";
    public const string Quarantine = "quarantine";
    /// <summary>Declared checksum, magic bytes, duplicate look-up.</summary>
    public const string Checks = "checks";
    public const string Thumbnails = "thumbnails";
    public const string Exif = "exif";
    public const string Pdf = "pdf";
    /// <summary>The round trip to a parser worker; the worker's own steps are replayed under the attempt.</summary>
    public const string Parse = "parse";
    public const string Drawing = "drawing";
    /// <summary>Outputs written to storage.</summary>
    public const string Store = "store";
    /// <summary>The outcome reported to the upload's grain.</summary>
    public const string Complete = "complete";

    private readonly Activity? _activity;
    private readonly long _started;
    private readonly string _step;
    private readonly string _kind;

    private ProcessingStep(string step, string kind)
    {
        _step = step;
        _kind = kind;
        _started = Stopwatch.GetTimestamp();
        _activity = ProcessingTelemetry.Source.StartActivity("processing." + step);
        _activity?.SetTag(ProcessingMetrics.StepTag, step);
        _activity?.SetTag(ProcessingMetrics.KindTag, kind);
    }

    public static ProcessingStep Start(string step, ContentKind kind) => new(step, KindName(kind));

    public static string KindName(ContentKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// A step another process timed (a parser worker, whose spans and meters nobody exports), recorded here as if it
    /// had run under the current span: the same span name, tags and duration sample.
    /// </summary>
    public static void Replay(string step, ContentKind kind, DateTimeOffset startedAt, TimeSpan duration)
    {
        var kindName = KindName(kind);
        ProcessingMetrics.StepDuration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>(ProcessingMetrics.StepTag, step),
            new KeyValuePair<string, object?>(ProcessingMetrics.KindTag, kindName));
        using var activity = ProcessingTelemetry.Source.StartActivity("processing." + step, ActivityKind.Internal,
            Activity.Current?.Context ?? default, startTime: startedAt);
        activity?.SetTag(ProcessingMetrics.StepTag, step);
        activity?.SetTag(ProcessingMetrics.KindTag, kindName);
        activity?.SetEndTime(startedAt.UtcDateTime + duration);
    }

    public void Dispose()
    {
        ProcessingMetrics.StepDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
            new KeyValuePair<string, object?>(ProcessingMetrics.StepTag, _step),
            new KeyValuePair<string, object?>(ProcessingMetrics.KindTag, _kind));
        _activity?.Dispose();
    }
}
