namespace BuildPeer.Grains.Abstractions.Operations;

/// <summary>One message in the dead-letter queue, as an operator sees it.</summary>
/// <param name="Body">The body, cut at a display limit when <paramref name="BodyTruncated"/>.</param>
/// <param name="ApproximateReceiveCount">SQS's count, which includes the receives of earlier peeks.</param>
/// <param name="Kind">What the body is: ObjectsCreated, TestEvent, Irrelevant (another S3 event) or Malformed.</param>
/// <param name="Objects">The objects an S3 ObjectCreated event names.</param>
/// <param name="Problem">Why the body is not an S3 event this service understands, when it is not.</param>
[GenerateSerializer, Immutable, Alias("operations.DeadLetterView")]
public sealed record DeadLetterView(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string Body,
    [property: Id(2)] bool BodyTruncated,
    [property: Id(3)] int ApproximateReceiveCount,
    [property: Id(4)] DateTimeOffset? SentAt,
    [property: Id(5)] string Kind,
    [property: Id(6)] IReadOnlyList<DeadLetterObject> Objects,
    [property: Id(7)] string? Problem);
