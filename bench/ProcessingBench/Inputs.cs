using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetVips;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BuildPeer.ProcessingBench;

/// <summary>
/// Generated inputs, written once and reused by later runs: a 12-megapixel photo-like JPEG (smooth structure, colour
/// gradients and sensor-like noise, so it compresses like a real photo rather than like flat colour or pure noise),
/// distinct copies of it padded to an exact size, and a multi-page text PDF.
/// </summary>
internal static class Inputs
{
    public const int PhotoWidth = 4000;
    public const int PhotoHeight = 3000;

    /// <summary>
    /// A 4000×3000 JPEG whose size is at most <paramref name="maxBytes"/> and as close to it as the noise steps
    /// allow (quality <paramref name="quality"/>). Cached at <paramref name="path"/>.
    /// </summary>
    public static byte[] Photo(string path, int quality, long maxBytes)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        byte[]? best = null;
        foreach (var sigma in new[] { 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0, 24.0 })
        {
            var bytes = Encode(sigma, quality);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[inputs] noise sigma {sigma}: {bytes.Length / 1e6:F2} MB at quality {quality}"));
            if (bytes.Length > maxBytes)
            {
                break;
            }

            best = bytes;
        }

        if (best is null)
        {
            throw new InvalidOperationException($"Even the least noisy photo is larger than {maxBytes} bytes.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, best);
        return best;
    }

    private static byte[] Encode(double sigma, int quality)
    {
        // Smooth large-scale structure (Perlin) for "objects", gradients for light, Gaussian noise for the sensor.
        using var xyz = Image.Xyz(PhotoWidth, PhotoHeight);
        using var x = xyz[0];
        using var y = xyz[1];
        using var perlin = Image.Perlin(PhotoWidth, PhotoHeight, cellSize: 256, seed: 7);
        using var detail = Image.Perlin(PhotoWidth, PhotoHeight, cellSize: 24, seed: 11);
        using var noise = Image.Gaussnoise(PhotoWidth, PhotoHeight, sigma: sigma, mean: 0, seed: 3);
        using var red = x * (160.0 / PhotoWidth) + perlin * 60 + detail * 15 + noise + 40;
        using var green = y * (140.0 / PhotoHeight) + perlin * 50 + detail * 15 + noise + 50;
        using var blue = (x + y) * (120.0 / (PhotoWidth + PhotoHeight)) + perlin * 40 + detail * 15 + noise + 60;
        using var joined = red.Bandjoin(green, blue);
        using var rgb = joined.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgb.JpegsaveBuffer(q: quality, keep: Enums.ForeignKeep.None);
    }

    /// <summary>
    /// <paramref name="photo"/> with COM segments right after SOI: a unique label (so every copy has its own SHA-256
    /// and is not a duplicate) and filler up to exactly <paramref name="size"/> bytes. The pixels are unchanged.
    /// </summary>
    public static byte[] PaddedCopy(byte[] photo, string label, int size)
    {
        const int maxSegment = 65535 + 2; // marker (2) + length field counting itself (max 65535)
        var padding = size - photo.Length;
        var labelBytes = Encoding.ASCII.GetBytes(label);
        if (padding < labelBytes.Length + 4 || photo[0] != 0xFF || photo[1] != 0xD8)
        {
            throw new InvalidOperationException($"Cannot pad a {photo.Length}-byte JPEG to {size} bytes.");
        }

        var output = new byte[size];
        output[0] = 0xFF;
        output[1] = 0xD8;
        var at = 2;
        var remaining = padding;
        var first = true;
        while (remaining > 0)
        {
            var segment = Math.Min(remaining, maxSegment);
            if (remaining - segment is > 0 and < 5)
            {
                segment -= 5; // leave room for one more (non-empty) segment
            }

            output[at] = 0xFF;
            output[at + 1] = 0xFE;
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at + 2), (ushort)(segment - 2));
            var payload = output.AsSpan(at + 4, segment - 4);
            payload.Fill((byte)' ');
            if (first)
            {
                labelBytes.CopyTo(payload);
                first = false;
            }

            at += segment;
            remaining -= segment;
        }

        photo.AsSpan(2).CopyTo(output.AsSpan(at));
        return output;
    }

    /// <summary>An A4 text PDF of <paramref name="pages"/> pages (a site diary: 40 lines a page). Cached at path.</summary>
    public static string TextPdf(string path, int pages)
    {
        if (File.Exists(path))
        {
            return path;
        }

        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var number = 1; number <= pages; number++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(string.Create(CultureInfo.InvariantCulture, $"Site diary, page {number}"), 14, new PdfPoint(60, 790), font);
            for (var line = 0; line < 40; line++)
            {
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"{line + 1:00}. Grid C/{line % 9 + 1}: slab pour inspected, rebar spacing {150 + line} mm, cover {25 + line % 5} mm; no defects.");
                page.AddText(text, 9, new PdfPoint(60, 760 - line * 17), font);
            }
        }

        builder.DocumentInformation.Title = "Site diary (bench)";
        builder.DocumentInformation.Author = "ProcessingBench";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, builder.Build());
        return path;
    }
}
