namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>An object named by a dead-lettered S3 event.</summary>
[GenerateSerializer, Immutable, Alias("operations.DeadLetterObject")]
public sealed record DeadLetterObject(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] string EventName);
