namespace BuildPeer.Grains.Storage.Multipart;

/// <summary>
/// A part as a client reports it when asking to complete: its number and the ETag S3 answered to its PUT (quoted
/// or not; both are accepted).
/// </summary>
public sealed record CompletedPart(int PartNumber, string ETag);
