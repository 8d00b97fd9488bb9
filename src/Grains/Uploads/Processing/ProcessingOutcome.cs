namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>How one processing attempt ended, as the worker reports it back to the upload's grain.</summary>
[GenerateSerializer, Immutable, Alias("processing.ProcessingOutcome")]
public sealed record ProcessingOutcome(
    [property: Id(0)] ProcessingOutcomeKind Kind,
    [property: Id(1)] ProcessingResult? Result,
    [property: Id(2)] string? ErrorCode,
    [property: Id(3)] string? Reason)
{
    public static ProcessingOutcome Completed(ProcessingResult result) => new(ProcessingOutcomeKind.Completed, result, null, null);

    public static ProcessingOutcome Quarantined(ProcessingResult result) =>
        new(ProcessingOutcomeKind.Quarantined, result, null, $"Malware found: {result.VirusSignature}.");

    public static ProcessingOutcome Failed(string code, string reason, ProcessingResult? partial = null) =>
        new(ProcessingOutcomeKind.Failed, partial, code, reason);

    public static ProcessingOutcome WorkerLost(string code, string reason, ProcessingResult? partial = null) =>
        new(ProcessingOutcomeKind.WorkerLost, partial, code, reason);

    public static ProcessingOutcome Retry(string reason) => new(ProcessingOutcomeKind.Retry, null, null, reason);
}
