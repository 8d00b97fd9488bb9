using System.Diagnostics.Metrics;

namespace BuildPeer.Processing.Telemetry;

/// <summary>Instruments of processing attempts.</summary>
public static class ProcessingMetrics
{
    public const string StepTag = "step";
    public const string KindTag = "kind";
    public const string OutcomeTag = "outcome";
    public const string CodeTag = "code";

    /// <summary>Each step of an attempt (scan, checks, thumbnails, exif, pdf, drawing, store, quarantine, complete), by kind of file.</summary>
    public static readonly Histogram<double> StepDuration = ProcessingTelemetry.Meter.CreateHistogram<double>(
        "buildpeer.processing.step.duration", "s", "Duration of one processing step, by step and kind of file.");

    /// <summary>Whole attempts, from taking a worker slot to the outcome, by outcome (completed, quarantined, failed, retry).</summary>
    public static readonly Histogram<double> AttemptDuration = ProcessingTelemetry.Meter.CreateHistogram<double>(
        "buildpeer.processing.attempt.duration", "s", "Duration of one processing attempt, by outcome.");

    /// <summary>Uploads ended FAILED, by error code (size_mismatch, image_corrupt, retries_exhausted...).</summary>
    public static readonly Counter<long> Failures = ProcessingTelemetry.Meter.CreateCounter<long>(
        "buildpeer.processing.failures", "{upload}", "Uploads whose processing ended FAILED, by code.");

    /// <summary>Attempts that will be retried (a dependency down, a time limit while reading or scanning).</summary>
    public static readonly Counter<long> Retries = ProcessingTelemetry.Meter.CreateCounter<long>(
        "buildpeer.processing.retries", "{attempt}", "Processing attempts that ended in a retry.");
}
