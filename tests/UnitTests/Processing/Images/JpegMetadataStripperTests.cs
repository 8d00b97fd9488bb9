using BuildPeer.Processing.Images;
using NetVips;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>A JPEG over the metadata cap is decoded from a copy without its APPn and comment segments.</summary>
public sealed class JpegMetadataStripperTests
{
    [Fact]
    public void The_copy_keeps_the_image_and_drops_every_metadata_segment()
    {
        using var folder = new TempFolder();
        var bloated = Path.Combine(folder.Directory.FullName, "bloated.jpg");
        var stripped = Path.Combine(folder.Directory.FullName, "stripped.jpg");
        var photo = GeneratedImages.JpegWithExif(64, 48, orientation: 6);
        using (var file = File.Create(bloated))
        {
            file.Write(photo.AsSpan(0, 2));
            for (var count = 0; count < 20; count++)
            {
                file.Write([0xFF, 0xE1, 0xFF, 0xFF]);
                file.Write(new byte[65533]);
            }

            file.Write([0xFF, 0xFE, 0x00, 0x06, (byte)'h', (byte)'i', (byte)'!', (byte)'!']);
            file.Write(photo.AsSpan(2));
        }

        JpegMetadataStripper.Copy(bloated, stripped);

        Assert.Equal(0, JpegMetadataSize.Measure(stripped, long.MaxValue));
        Assert.True(new FileInfo(stripped).Length < photo.Length, "The photo's own EXIF went too.");
        using var image = Image.NewFromFile(stripped, access: Enums.Access.Sequential);
        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.InRange(image.Avg(), 0, 255);
    }

    [Fact]
    public void A_file_that_is_not_a_JPEG_is_refused()
    {
        using var folder = new TempFolder();
        var png = Path.Combine(folder.Directory.FullName, "a.png");
        File.WriteAllBytes(png, GeneratedImages.TransparentPng(4, 4));

        Assert.Throws<InvalidDataException>(() => JpegMetadataStripper.Copy(png, Path.Combine(folder.Directory.FullName, "b.jpg")));
    }
}
