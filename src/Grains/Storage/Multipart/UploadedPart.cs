namespace BuildPeer.Grains.Storage.Multipart;

/// <summary>A part S3 holds for an unfinished multipart upload; the ETag is unquoted.</summary>
public sealed record UploadedPart(int PartNumber, string ETag, long Size);
