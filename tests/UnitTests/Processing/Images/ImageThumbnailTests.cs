using BuildPeer.Processing.Content;

namespace BuildPeer.UnitTests.Processing.Images;

public class ImageThumbnailTests
{
    [Fact]
    public void A_landscape_jpeg_gets_an_800_fit_and_a_200_square()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(2000, 1500), ".jpg");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None);

        Assert.Equal((800, 600), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
        Assert.Equal((2000, 1500), (outcome.Metadata.Width, outcome.Metadata.Height));
        Assert.Equal("jpeg", outcome.Metadata.Format);
    }

    [Fact]
    public void A_small_image_is_never_enlarged_in_the_800_box_but_still_fills_the_200_square()
    {
        using var file = new TempImageFile(GeneratedImages.Jpeg(150, 100), ".jpg");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None);

        Assert.Equal((150, 100), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
    }

    [Fact]
    public void Orientation_6_is_applied_so_the_thumbnails_and_size_are_upright()
    {
        using var file = new TempImageFile(GeneratedImages.JpegWithExif(1600, 1200, orientation: 6), ".jpg");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None);

        Assert.Equal((600, 800), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
        Assert.Equal((1200, 1600), (outcome.Metadata.Width, outcome.Metadata.Height));
        Assert.Equal(6, outcome.Metadata.Orientation);
    }

    [Fact]
    public void Thumbnails_carry_no_exif_gps_or_other_metadata()
    {
        using var file = new TempImageFile(GeneratedImages.JpegWithExif(1000, 750), ".jpg");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Jpeg, CancellationToken.None);

        Assert.NotNull(outcome.Metadata.Latitude);
        Assert.Equal(["Exif IFD0", "Exif SubIFD", "GPS", "ICC Profile", "JpegComment", "XMP"], Thumbnail.MetadataKinds(File.ReadAllBytes(file.Path)));
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail800);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail200);
    }

    [Fact]
    public void A_transparent_png_is_flattened_onto_white()
    {
        using var file = new TempImageFile(GeneratedImages.TransparentPng(400, 300), ".png");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Png, CancellationToken.None);

        Assert.Equal((400, 300), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.True(Thumbnail.CentreBrightness(outcome.Thumbnail200) > 250);
        Assert.Equal("png", outcome.Metadata.Format);
    }

    [Fact]
    public void An_lzw_tiff_is_thumbnailed()
    {
        using var file = new TempImageFile(GeneratedImages.LzwTiff(1000, 500), ".tiff");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Tiff, CancellationToken.None);

        Assert.Equal((800, 400), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal("tiff", outcome.Metadata.Format);
    }

    [Fact]
    public void A_webp_is_thumbnailed()
    {
        using var file = new TempImageFile(GeneratedImages.WebP(900, 1200), ".webp");

        var outcome = Processors.Create().Process(file.Path, ContentKind.WebP, CancellationToken.None);

        Assert.Equal((600, 800), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal("webp", outcome.Metadata.Format);
    }

    [Fact]
    public void A_heif_family_file_goes_through_the_heif_decoder_and_comes_out_stripped()
    {
        using var file = new TempImageFile(GeneratedImages.Avif(320, 240), ".avif");

        var outcome = Processors.Create().Process(file.Path, ContentKind.Heif, CancellationToken.None);

        Assert.Equal((320, 240), Thumbnail.SizeOf(outcome.Thumbnail800));
        Assert.Equal((200, 200), Thumbnail.SizeOf(outcome.Thumbnail200));
        Assert.Equal((320, 240), (outcome.Metadata.Width, outcome.Metadata.Height));
        Assert.Equal("avif", outcome.Metadata.Format);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail800);
        Thumbnail.AssertHasNoMetadata(outcome.Thumbnail200);
    }
}
