namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>One part of a <see cref="MultipartPlan"/>: which bytes of the file the client sends in it.</summary>
public sealed record PlannedPart(int PartNumber, long Offset, long Size);
