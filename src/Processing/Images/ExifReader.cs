using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Processing.Images;

/// <summary>
/// GPS, capture time, camera and orientation through MetadataExtractor. It throws on some valid files, and metadata
/// is a nice-to-have: a failure here is logged and yields empty metadata, never a failed upload. Width, height and
/// format are left for the decoder to fill in. A JPEG carrying more than <paramref name="maxMetadataBytes"/> of
/// metadata segments is not read at all (<see cref="ImageMetadata.MetadataSkipped"/>); strings are clipped.
/// </summary>
internal sealed class ExifReader(ILogger logger, long maxMetadataBytes)
{
    /// <summary>Characters kept of a camera make or model; real ones are a few dozen.</summary>
    public const int MaxStringLength = 128;

    public ImageMetadata Read(string path)
    {
        var size = JpegMetadataSize.Measure(path, maxMetadataBytes);
        if (size > maxMetadataBytes)
        {
            logger.LogWarning("The image carries over {Bytes} bytes of metadata, more than {Limit}; it is processed without it",
                size, maxMetadataBytes);
            return new ImageMetadata { MetadataSkipped = true };
        }

        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or MetadataException
            or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            logger.LogWarning(e, "Image metadata could not be read; the image is processed without it");
            return new ImageMetadata();
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var exif = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        var location = ReadLocation(gps);
        return new ImageMetadata
        {
            Latitude = location?.Latitude,
            Longitude = location?.Longitude,
            Altitude = ReadAltitude(gps),
            CapturedAt = ExifDates.CapturedAt(
                exif?.GetString(ExifDirectoryBase.TagDateTimeOriginal),
                exif?.GetString(ExifDirectoryBase.TagTimeZoneOriginal)),
            CameraMake = Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)),
            CameraModel = Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)),
            Orientation = ifd0 is not null && ifd0.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) && o is >= 1 and <= 8
                ? o
                : null,
        };
    }

    private static GeoLocation? ReadLocation(GpsDirectory? gps)
    {
        // Cameras without a fix often write 0/0; a real photo at 0°N 0°E would be taken on open sea.
        var location = gps?.GetGeoLocation();
        if (location is null || location.IsZero)
        {
            return null;
        }

        return double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude) ? location : null;
    }

    private static double? ReadAltitude(GpsDirectory? gps)
    {
        if (gps is null || !gps.TryGetRational(GpsDirectory.TagAltitude, out var rational) || rational.Denominator == 0)
        {
            return null;
        }

        var metres = rational.ToDouble();
        var belowSeaLevel = gps.TryGetInt32(GpsDirectory.TagAltitudeRef, out var reference) && reference == 1;
        return belowSeaLevel ? -Math.Abs(metres) : metres;
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim(' ', '\0', '\t');
        if (trimmed is { Length: > MaxStringLength })
        {
            trimmed = trimmed[..(char.IsHighSurrogate(trimmed[MaxStringLength - 1]) ? MaxStringLength - 1 : MaxStringLength)];
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
