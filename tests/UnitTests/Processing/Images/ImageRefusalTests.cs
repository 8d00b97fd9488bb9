using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Processing.Images;

public class ImageRefusalTests
{
    [Fact]
    public void A_png_declaring_too_many_pixels_is_refused_from_its_header()
    {
        using var file = new TempImageFile(GeneratedImages.PngDeclaring(60_000, 60_000), ".png");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create().Process(file.Path, ContentKind.Png, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.Code);
        Assert.Contains("60000x60000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(200, 100), ".jpg");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create(maxPixels: 19_999).Process(file.Path, ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.Code);
    }

    [Fact]
    public void A_heif_above_the_pixel_limit_is_refused_from_its_header()
    {
        using var file = new TempImageFile(GeneratedImages.Avif(64, 48), ".avif");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create(maxPixels: 3_000).Process(file.Path, ContentKind.Heif, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageTooLarge, error.Code);
    }

    [Fact]
    public void A_truncated_jpeg_is_corrupt()
    {
        using var file = new TempImageFile(GeneratedImages.TruncatedJpeg(), ".jpg");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
        Assert.DoesNotContain(Path.GetTempPath(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_corrupt()
    {
        using var file = new TempImageFile("PK\u0003\u0004 not a photo at all"u8.ToArray(), ".jpg");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
    }

    [Fact]
    public void A_file_that_decodes_as_another_format_than_its_kind_is_refused()
    {
        using var file = new TempImageFile(GeneratedImages.WebP(100, 100), ".jpg");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
    }

    [Fact]
    public void A_jpeg_sent_to_the_heif_decoder_is_corrupt()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(100, 100), ".heic");

        var error = Assert.Throws<ProcessingFailedException>(
            () => Processors.Create().Process(file.Path, ContentKind.Heif, CancellationToken.None));

        Assert.Equal(ErrorCodes.ImageCorrupt, error.Code);
    }

    [Fact]
    public void A_cancelled_token_stops_before_decoding()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(400, 300), ".jpg");

        Assert.ThrowsAny<OperationCanceledException>(
            () => Processors.Create().Process(file.Path, ContentKind.Jpeg, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Kinds_that_are_not_images_are_a_caller_error()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(10, 10), ".pdf");

        Assert.Throws<ArgumentOutOfRangeException>(
            () => Processors.Create().Process(file.Path, ContentKind.Pdf, CancellationToken.None));
    }

    [Fact]
    public void A_missing_file_is_not_reported_as_a_corrupt_image()
    {
        Assert.Throws<FileNotFoundException>(
            () => Processors.Create().Process("/nonexistent/photo.jpg", ContentKind.Jpeg, CancellationToken.None));
    }
}
