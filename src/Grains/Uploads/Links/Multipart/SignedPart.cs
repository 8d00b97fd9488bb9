namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>A presigned URL for one PUT of one part.</summary>
public sealed record SignedPart(int PartNumber, Uri Url);
