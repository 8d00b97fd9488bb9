using System.Diagnostics.Metrics;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>Instruments of the S3 event consumer.</summary>
public static class IntakeMetrics
{
    public const string OutcomeTag = "outcome";

    /// <summary>
    /// From the S3 event's own time to the moment this silo received it: how far behind the queue is. SQS's
    /// ApproximateAgeOfOldestMessage says the same for the queue as a whole, but only CloudWatch has it.
    /// </summary>
    public static readonly Histogram<double> QueueLag = IntakeTelemetry.Meter.CreateHistogram<double>(
        "buildpeer.intake.queue.lag", "s", "Time from the S3 event to its receipt from the queue.");

    /// <summary>Messages handled, by outcome: delivered, ignored, malformed, failed, handed_back.</summary>
    public static readonly Counter<long> Messages = IntakeTelemetry.Meter.CreateCounter<long>(
        "buildpeer.intake.messages", "{message}", "Queue messages handled, by outcome.");
}
