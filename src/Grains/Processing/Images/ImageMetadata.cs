namespace BuildPeer.Grains.Processing.Images;

/// <summary>
/// What a photo says about itself. Width and height come from the decoder (EXIF sizes go stale when photos are
/// edited) and are as displayed, after the EXIF orientation is applied. Kept in grain state, so ids must stay stable.
/// </summary>
[GenerateSerializer, Alias("processing.ImageMetadata")]
public sealed record ImageMetadata
{
    [Id(0)] public int Width { get; init; }
    [Id(1)] public int Height { get; init; }
    /// <summary>Signed decimal degrees (south and west negative).</summary>
    [Id(2)] public double? Latitude { get; init; }
    [Id(3)] public double? Longitude { get; init; }
    /// <summary>Metres; negative below sea level.</summary>
    [Id(4)] public double? Altitude { get; init; }
    /// <summary>ISO 8601: "2022-02-16T12:55:41+01:00" when the camera recorded an offset, else local "2008-10-22T16:28:39".</summary>
    [Id(5)] public string? CapturedAt { get; init; }
    [Id(6)] public string? CameraMake { get; init; }
    [Id(7)] public string? CameraModel { get; init; }
    /// <summary>The EXIF orientation tag (1-8) of the original; thumbnails are already turned upright.</summary>
    [Id(8)] public int? Orientation { get; init; }
    /// <summary>The decoder's format name, e.g. "jpeg", "heif".</summary>
    [Id(9)] public string? Format { get; init; }
    /// <summary>The file's metadata was larger than Processing:Images:MaxMetadataBytes and was not read.</summary>
    [Id(10)] public bool MetadataSkipped { get; init; }
}
