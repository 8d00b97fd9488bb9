using System.Diagnostics;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>Real photos with facts checked against exiftool (see the samples README).</summary>
public class SampleImageTests
{
    [SamplesTheory]
    [InlineData("nikon-coolpix-gps.jpg", ContentKind.Jpeg, 43.467448, 11.885127, "2008-10-22T16:28:39", "NIKON", "COOLPIX P6000")]
    [InlineData("nikon-d70s-gps-odd-exif.jpg", ContentKind.Jpeg, 43.785594, 11.234619, "2005-12-14T14:39:47", "NIKON CORPORATION", "NIKON D70s")]
    [InlineData("iphone6-gps.jpg", ContentKind.Jpeg, 40.446972, -3.724753, "2015-04-10T20:12:23", "Apple", "iPhone 6")]
    [InlineData("iphone6-gps.webp", ContentKind.WebP, 40.446972, -3.724753, "2015-04-10T20:12:23", "Apple", "iPhone 6")]
    public void Gps_photos_report_position_time_and_camera(
        string name, ContentKind kind, double latitude, double longitude, string capturedAt, string make, string model)
    {
        var metadata = Processors.Create().Process(Samples.Photo(name), kind, CancellationToken.None).Metadata;

        Assert.Equal(latitude, metadata.Latitude!.Value, 5);
        Assert.Equal(longitude, metadata.Longitude!.Value, 5);
        Assert.Equal(capturedAt, metadata.CapturedAt);
        Assert.Equal(make, metadata.CameraMake);
        Assert.Equal(model, metadata.CameraModel);
        Assert.Equal(1, metadata.Orientation);
    }

    [SamplesTheory]
    [InlineData("nikon-coolpix-gps.jpg", ContentKind.Jpeg, 640, 480, 640, 480)]
    [InlineData("nikon-d70s-gps-odd-exif.jpg", ContentKind.Jpeg, 1488, 2240, 531, 800)]
    [InlineData("iphone6-gps.jpg", ContentKind.Jpeg, 3264, 2448, 800, 600)]
    [InlineData("iphone6-gps.webp", ContentKind.WebP, 3264, 2448, 800, 600)]
    [InlineData("canon-orientation6.jpg", ContentKind.Jpeg, 1536, 2048, 600, 800)]
    [InlineData("portrait-orientation6.jpg", ContentKind.Jpeg, 450, 600, 450, 600)]
    [InlineData("lzw-4bit.tiff", ContentKind.Tiff, 635, 348, 635, 348)]
    public void Photos_are_thumbnailed_upright_and_sized_as_displayed(
        string name, ContentKind kind, int width, int height, int largeWidth, int largeHeight)
    {
        var outcome = Processors.Create().Process(Samples.Photo(name), kind, CancellationToken.None);

        Assert.Equal((width, height), (outcome.Metadata.Width, outcome.Metadata.Height));
        var (actualWidth, actualHeight) = Thumbnail.SizeOf(outcome.Thumbnail800);
        Assert.InRange(actualWidth, largeWidth - 1, largeWidth + 1);
        Assert.Equal(largeHeight, actualHeight);
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail800);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail200);
    }

    [SamplesFact]
    public void The_canon_photo_reports_orientation_6_and_its_camera()
    {
        var metadata = Processors.Create().Process(Samples.Photo("canon-orientation6.jpg"), ContentKind.Jpeg, CancellationToken.None).Metadata;

        Assert.Equal(6, metadata.Orientation);
        Assert.Equal("2015-02-09T22:47:44", metadata.CapturedAt);
        Assert.Equal("Canon", metadata.CameraMake);
        Assert.Equal("Canon PowerShot SX60 HS", metadata.CameraModel);
        Assert.Null(metadata.Latitude);
    }

    [SamplesFact]
    public void An_iphone_heic_is_thumbnailed_upright_with_its_offset_capture_time()
    {
        var outcome = Processors.Create().Process(
            Samples.Photo("iphone13promax-orientation6.heic"), ContentKind.Heif, CancellationToken.None);

        Assert.Equal((600, 800), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
        Assert.Equal((3024, 4032), (outcome.Metadata.Width, outcome.Metadata.Height));
        Assert.Equal("2022-02-16T12:55:41+01:00", outcome.Metadata.CapturedAt);
        Assert.Equal("Apple", outcome.Metadata.CameraMake);
        Assert.Equal("iPhone 13 Pro Max", outcome.Metadata.CameraModel);
        Assert.Equal(6, outcome.Metadata.Orientation);
        Assert.Equal("heif", outcome.Metadata.Format);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail800);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail200);
    }

    [SamplesFact]
    public void A_small_heif_is_thumbnailed()
    {
        var outcome = Processors.Create().Process(Samples.Photo("small-sample.heif"), ContentKind.Heif, CancellationToken.None);

        Assert.Equal((640, 426), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
    }

    [SamplesFact]
    public void The_png_bomb_is_refused_from_its_header_without_decoding()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ProcessingFailedException>(() => Processors.Create().Process(
            Samples.Broken("png-bomb-50000x50000.png"), ContentKind.Png, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.Code);
        // Decoding it takes about 5 s of CPU; the header check about 40 ms. The bound is loose for busy build machines.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Refusing took {clock.Elapsed}.");
    }

    [SamplesFact]
    public void The_truncated_jpeg_is_corrupt()
    {
        var error = Assert.Throws<ProcessingFailedException>(() => Processors.Create().Process(
            Samples.Broken("truncated.jpg"), ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
    }

    [SamplesFact]
    public void A_zip_named_jpg_is_corrupt()
    {
        var error = Assert.Throws<ProcessingFailedException>(() => Processors.Create().Process(
            Samples.Broken("zip-named.jpg"), ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
    }
}
