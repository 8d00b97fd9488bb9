namespace BuildPeer.Processing.Images;

/// <summary>
/// What a photo says about itself. Width and height come from the decoder (EXIF sizes go stale when photos are
/// edited) and are as displayed, after the EXIF orientation is applied.
/// </summary>
public sealed record ImageMetadata
{
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>Signed decimal degrees (south and west negative).</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>Metres; negative below sea level.</summary>
    public double? Altitude { get; init; }
    /// <summary>ISO 8601: "2022-02-16T12:55:41+01:00" when the camera recorded an offset, else local "2008-10-22T16:28:39".</summary>
    public string? CapturedAt { get; init; }
    public string? CameraMake { get; init; }
    public string? CameraModel { get; init; }
    /// <summary>The EXIF orientation tag (1-8) of the original; thumbnails are already turned upright.</summary>
    public int? Orientation { get; init; }
    /// <summary>The decoder's format name, e.g. "jpeg", "heif".</summary>
    public string? Format { get; init; }
    /// <summary>The file's metadata was larger than Processing:Images:MaxMetadataBytes and was not read.</summary>
    public bool MetadataSkipped { get; init; }
}
