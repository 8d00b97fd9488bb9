namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>
/// Operator access to the upload-events dead-letter queue. Stateless: any key works; use 0.
/// </summary>
[Alias("operations.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="max"/> (1–100) messages, left in the queue.</summary>
    [Alias("Peek")]
    Task<IReadOnlyList<DeadLetterView>> PeekAsync(int max);

    /// <summary>
    /// Moves up to <paramref name="max"/> (1–100) messages back to the source queue, to be processed again. A message
    /// is deleted from the dead-letter queue only after it was sent, so none is lost; a failure in between
    /// leaves a duplicate, which the consumer tolerates.
    /// </summary>
    [Alias("Redrive")]
    Task<RedriveResult> RedriveAsync(int max);
}
