namespace BuildPeer.Processing.Images;

/// <summary>
/// What a decoder made of one file: both encoded thumbnails and the size of the original as displayed (after the
/// orientation was applied).
/// </summary>
internal sealed record Thumbnails(byte[] Small, byte[] Large, int Width, int Height, int? Orientation, string Format);
