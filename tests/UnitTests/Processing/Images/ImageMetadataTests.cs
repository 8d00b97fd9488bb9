using BuildPeer.Processing.Content;
using BuildPeer.Processing.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildPeer.UnitTests.Processing.Images;

public class ImageMetadataTests
{
    [Fact]
    public void Gps_capture_time_and_camera_are_read_from_exif()
    {
        using var file = new TempImageFile(GeneratedImages.JpegWithExif(640, 480), ".jpg");

        var metadata = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None).Metadata;

        Assert.Equal(-33.86, metadata.Latitude!.Value, 6);
        Assert.Equal(-70.5, metadata.Longitude!.Value, 6);
        Assert.Equal(-12.5, metadata.Altitude!.Value, 6);
        Assert.Equal("2024-03-01T08:15:00-05:00", metadata.CapturedAt);
        Assert.Equal("BuildPeer Test", metadata.CameraMake);
        Assert.Equal("SiteCam 2", metadata.CameraModel);
        Assert.Equal(1, metadata.Orientation);
    }

    [Fact]
    public void An_image_without_exif_has_only_decoder_facts()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(300, 200), ".jpg");

        var metadata = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None).Metadata;

        Assert.Equal(new ImageMetadata { Width = 300, Height = 200, Format = "jpeg" }, metadata);
    }

    [Fact]
    public void Unreadable_metadata_yields_empty_metadata_instead_of_an_exception()
    {
        using var file = new TempImageFile([0xFF, 0xD8, 0xFF, 0xE1, 0x00], ".jpg");

        var metadata = new ExifReader(NullLogger.Instance, 1024 * 1024).Read(file.Path);

        Assert.Equal(new ImageMetadata(), metadata);
    }

    [Theory]
    [InlineData("2008:10:22 16:28:39", null, "2008-10-22T16:28:39")]
    [InlineData("2022:02:16 12:55:41", "+01:00", "2022-02-16T12:55:41+01:00")]
    [InlineData("2022:02:16 12:55:41", "-05:30", "2022-02-16T12:55:41-05:30")]
    [InlineData("2022:02:16 12:55:41", "   :  ", "2022-02-16T12:55:41")]
    [InlineData("0000:00:00 00:00:00", "+01:00", null)]
    [InlineData("", null, null)]
    [InlineData(null, "+01:00", null)]
    public void Capture_times_become_iso_8601_with_an_offset_only_when_recorded(string? dateTime, string? offset, string? expected)
    {
        Assert.Equal(expected, ExifDates.CapturedAt(dateTime, offset));
    }
}
