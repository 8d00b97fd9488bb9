using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ImageMagick;
using NetVips;
using Image = NetVips.Image;

namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>Fixtures made in memory, so every behaviour is covered without the shared sample files.</summary>
internal static class GeneratedImages
{
    /// <summary>A colourful RGB picture; gradients keep the encoders honest, unlike a flat colour.</summary>
    public static Image Picture(int width, int height)
    {
        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        using var red = x * (255.0 / width);
        using var green = y * (255.0 / height);
        using var blue = (x + y) % 256;
        using var joined = red.Bandjoin(green, blue);
        using var pixels = joined.Cast(Enums.BandFormat.Uchar);
        return pixels.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>
    /// A JPEG carrying everything a thumbnail must not: EXIF with a GPS position below sea level, a capture time with
    /// offset, a camera and an orientation, plus XMP, an ICC profile and a comment. Magick.NET writes it because its
    /// EXIF API is typed (libvips cannot write the byte-typed GPSAltitudeRef from a string).
    /// </summary>
    public static byte[] JpegWithExif(int width, int height, int orientation = 1)
    {
        using var image = new MagickImage(Jpeg(width, height));
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "BuildPeer Test ");
        exif.SetValue(ExifTag.Model, " SiteCam 2 ");
        exif.SetValue(ExifTag.DateTimeOriginal, "2024:03:01 08:15:00");
        exif.SetValue(ExifTag.OffsetTimeOriginal, "-05:00");
        exif.SetValue(ExifTag.GPSLatitudeRef, "S");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(33, 1), new Rational(51, 1), new Rational(3600, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(70, 1), new Rational(30, 1), new Rational(0, 1)]);
        exif.SetValue(ExifTag.GPSAltitudeRef, (byte)1);
        exif.SetValue(ExifTag.GPSAltitude, new Rational(125, 10));
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        image.SetProfile(exif);
        // ImageMagick rewrites the EXIF orientation from its own field when it saves.
        image.Orientation = (ImageMagick.Orientation)orientation;
        image.SetProfile(new XmpProfile(Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
            "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/jpeg\"/></rdf:RDF></x:xmpmeta>")));
        image.SetProfile(ColorProfiles.SRGB);
        image.Comment = "site photo, crew B";
        image.Format = MagickFormat.Jpeg;
        image.Quality = 90;
        return image.ToByteArray();
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var picture = Picture(width, height);
        return picture.JpegsaveBuffer(q: 90, keep: Enums.ForeignKeep.None);
    }

    /// <summary>The first half of a noisy JPEG: the header is fine, the scan data stops early.</summary>
    public static byte[] TruncatedJpeg()
    {
        using var noise = Image.Gaussnoise(1200, 900, mean: 128, sigma: 60);
        using var grey = noise.Cast(Enums.BandFormat.Uchar);
        var whole = grey.JpegsaveBuffer(q: 95);
        return whole[..(whole.Length / 2)];
    }

    /// <summary>A transparent PNG: its thumbnails must come out white, not black.</summary>
    public static byte[] TransparentPng(int width, int height)
    {
        using var picture = Picture(width, height);
        using var alpha = Image.Black(width, height);
        using var rgba = picture.Bandjoin(alpha);
        using var transparent = rgba.Cast(Enums.BandFormat.Uchar);
        return transparent.PngsaveBuffer();
    }

    public static byte[] LzwTiff(int width, int height)
    {
        using var picture = Picture(width, height);
        return picture.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Lzw);
    }

    public static byte[] WebP(int width, int height)
    {
        using var picture = Picture(width, height);
        return picture.WebpsaveBuffer(q: 90);
    }

    /// <summary>
    /// AVIF, which shares the HEIF container and decoder: Magick.NET has no HEVC encoder to write a HEIC, but the
    /// HEIF path decodes both.
    /// </summary>
    public static byte[] Avif(int width, int height)
    {
        using var image = new MagickImage(MagickColors.SteelBlue, (uint)width, (uint)height);
        image.Format = MagickFormat.Avif;
        return image.ToByteArray();
    }

    /// <summary>
    /// A tiny PNG whose valid IHDR declares <paramref name="width"/>x<paramref name="height"/> pixels, followed by a
    /// little compressed data: a decompression bomb's header without the bomb.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height, byte bitDepth = 8, byte colourType = 2)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType; // 2 RGB, 6 RGBA
        WriteChunk(png, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[64 * 1024]);
        }

        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);

        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);

        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>PNG's CRC-32 (polynomial 0xEDB88320), bit by bit: fixtures are small.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
