namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// A part as the client reports it when asking to complete: its number and the ETag S3 answered to its PUT (quoted
/// or not; both are accepted).
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.CompletedPart")]
public sealed record CompletedPart([property: Id(0)] int PartNumber, [property: Id(1)] string ETag);
