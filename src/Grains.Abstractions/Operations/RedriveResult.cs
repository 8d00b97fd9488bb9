namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>What a redrive did.</summary>
/// <param name="Moved">Messages now in the source queue and gone from the dead-letter queue.</param>
/// <param name="Failed">Messages that could not be sent; they stay in the dead-letter queue.</param>
[GenerateSerializer, Immutable, Alias("operations.RedriveResult")]
public sealed record RedriveResult(
    [property: Id(0)] int Moved,
    [property: Id(1)] int Failed);
