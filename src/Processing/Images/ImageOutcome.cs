namespace BuildPeer.Processing.Images;

/// <summary>Two JPEG thumbnails (quality 80, no metadata at all) and what the photo says about itself.</summary>
public sealed record ImageOutcome(byte[] Thumbnail200, byte[] Thumbnail800, ImageMetadata Metadata);
