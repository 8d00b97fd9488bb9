
namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// How a processing worker reports back to the upload's grain. Silo-internal: it lives beside the grain, not in
/// the abstractions clients see.
/// </summary>
[Alias("uploads.IUploadProcessingCallback")]
public interface IUploadProcessingCallback : IGrainWithGuidKey
{
    /// <summary>Accepted only for the grain's newest attempt while it is PROCESSING; anything else is stale and ignored.</summary>
    [Alias("FinishAttempt")]
    Task FinishAttemptAsync(int attempt, ProcessingOutcome outcome);

    /// <summary>A dependency that was down answers again: an upload waiting out its retry backoff tries now.</summary>
    [Alias("Wake")]
    Task WakeAsync();
}
