namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>Storage's word that an object now exists, as carried by an S3 <c>ObjectCreated</c> notification.</summary>
[GenerateSerializer, Immutable, Alias("uploads.ObjectCreated")]
public sealed record ObjectCreated(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] long Size,
    [property: Id(3)] string ETag,
    [property: Id(4)] DateTimeOffset EventTime,
    [property: Id(5)] string EventName,
    [property: Id(6)] string? Sequencer);
