using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Icc;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Xmp;
using NetVips;
using Image = NetVips.Image;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>Reads a produced thumbnail back the way a client would.</summary>
internal static class Thumbnail
{
    public static (int Width, int Height) SizeOf(byte[] jpeg)
    {
        using var image = Image.NewFromBuffer(jpeg, access: Enums.Access.Sequential);
        Assert.Equal("jpegload_buffer", image.Get("vips-loader"));
        return (image.Width, image.Height);
    }

    /// <summary>The mean of each band at the centre 8x8 pixels, to tell white from black.</summary>
    public static double CentreBrightness(byte[] jpeg)
    {
        using var image = Image.NewFromBuffer(jpeg);
        using var centre = image.Crop((image.Width / 2) - 4, (image.Height / 2) - 4, 8, 8);
        return centre.Avg();
    }

    /// <summary>The metadata directories a JPEG carries, beyond its structure; proves a fixture has what must go.</summary>
    public static string[] MetadataKinds(byte[] jpeg)
    {
        using var stream = new MemoryStream(jpeg);
        return [.. JpegMetadataReader.ReadMetadata(stream)
            .Select(d => d.Name)
            .Where(name => name is not ("JPEG" or "JFIF" or "Huffman"))
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Fails unless the JPEG carries no EXIF, GPS, XMP, ICC or comment at all.</summary>
    public static void AssertHasNoMetadata(byte[] jpeg)
    {
        using var stream = new MemoryStream(jpeg);
        var directories = JpegMetadataReader.ReadMetadata(stream);

        Assert.Empty(directories.OfType<GpsDirectory>());
        Assert.Empty(directories.OfType<ExifIfd0Directory>());
        Assert.Empty(directories.OfType<ExifSubIfdDirectory>());
        Assert.Empty(directories.OfType<XmpDirectory>());
        Assert.Empty(directories.OfType<IccDirectory>());
        Assert.Empty(directories.OfType<JpegCommentDirectory>());
        // Belt and braces: only the structural directories of a bare JPEG may remain.
        Assert.All(directories, d => Assert.Contains(d.Name, new[] { "JPEG", "JFIF", "Huffman" }));
    }
}
