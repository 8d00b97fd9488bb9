using BuildPeer.Processing.Images;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// <see cref="ImageMetadata"/> as the upload's grain state keeps it (<see cref="ProcessingResult"/>); stored with the
/// Orleans serializer, so ids and the alias must stay stable. Also the JSON of <c>uploads.metadata</c>;
/// the fields mean what they mean there.
/// </summary>
[GenerateSerializer, Alias("processing.ImageMetadata")]
public sealed record StoredImageMetadata
{
    [Id(0)] public int Width { get; init; }
    [Id(1)] public int Height { get; init; }
    [Id(2)] public double? Latitude { get; init; }
    [Id(3)] public double? Longitude { get; init; }
    [Id(4)] public double? Altitude { get; init; }
    [Id(5)] public string? CapturedAt { get; init; }
    [Id(6)] public string? CameraMake { get; init; }
    [Id(7)] public string? CameraModel { get; init; }
    [Id(8)] public int? Orientation { get; init; }
    [Id(9)] public string? Format { get; init; }
    [Id(10)] public bool MetadataSkipped { get; init; }

    public static StoredImageMetadata? From(ImageMetadata? metadata) => metadata is null ? null : new()
    {
        Width = metadata.Width,
        Height = metadata.Height,
        Latitude = metadata.Latitude,
        Longitude = metadata.Longitude,
        Altitude = metadata.Altitude,
        CapturedAt = metadata.CapturedAt,
        CameraMake = metadata.CameraMake,
        CameraModel = metadata.CameraModel,
        Orientation = metadata.Orientation,
        Format = metadata.Format,
        MetadataSkipped = metadata.MetadataSkipped,
    };
}
