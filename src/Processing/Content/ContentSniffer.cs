using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;

namespace BuildPeer.Processing.Content;

/// <summary>
/// Tells what a file really is from its first bytes, so an upload's name or declared type is never trusted: a ZIP
/// or an executable renamed to ".jpg" is recognised as none of the accepted kinds.
/// </summary>
public static class ContentSniffer
{
    /// <summary>
    /// How many leading bytes <see cref="Detect"/> wants. Every fixed signature lies in the first 64 bytes, but the
    /// PDF specification lets the "%PDF-" header start anywhere in the first 1024, and real scanners use that.
    /// </summary>
    public const int HeadLength = 1024;

    private static readonly FrozenDictionary<string, ContentKind> KindsByExtension =
        new Dictionary<string, ContentKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["jpg"] = ContentKind.Jpeg,
            ["jpeg"] = ContentKind.Jpeg,
            ["png"] = ContentKind.Png,
            ["webp"] = ContentKind.WebP,
            ["heic"] = ContentKind.Heif,
            ["heif"] = ContentKind.Heif,
            ["tif"] = ContentKind.Tiff,
            ["tiff"] = ContentKind.Tiff,
            ["pdf"] = ContentKind.Pdf,
            ["dwg"] = ContentKind.Dwg,
            ["dxf"] = ContentKind.Dxf,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Brands of the HEIF image family (HEVC stills, sequences, the generic image brands, and AVIF, which shares
    // the container and is decoded by the same loader).
    private static readonly FrozenSet<string> HeifBrands =
        new[] { "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis" }.ToFrozenSet(StringComparer.Ordinal);

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The kind the given bytes start with, or null when they are none of the accepted kinds.</summary>
    /// <param name="head">The file's first bytes; <see cref="HeadLength"/> of them, or the whole file when shorter.</param>
    public static ContentKind? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(JpegMagic))
        {
            return ContentKind.Jpeg;
        }

        if (head.StartsWith(PngMagic))
        {
            return ContentKind.Png;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ContentKind.WebP;
        }

        if (IsHeif(head))
        {
            return ContentKind.Heif;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return ContentKind.Tiff;
        }

        if (IsDwg(head))
        {
            return ContentKind.Dwg;
        }

        if (head.StartsWith("AutoCAD Binary DXF\r\n\x1a\0"u8) || IsAsciiDxf(head))
        {
            return ContentKind.Dxf;
        }

        // Last, because it is the only signature that need not sit at offset 0.
        if (head[..Math.Min(head.Length, HeadLength)].IndexOf("%PDF-"u8) >= 0)
        {
            return ContentKind.Pdf;
        }

        return null;
    }

    /// <summary>The kind an accepted extension ("jpg" or ".JPG") promises, or null for any other extension.</summary>
    public static ContentKind? ExpectedFor(string extension)
    {
        var bare = extension.StartsWith('.') ? extension[1..] : extension;
        return KindsByExtension.TryGetValue(bare, out var kind) ? kind : null;
    }

    // ISO base media file: a box [uint32 size]["ftyp"][major brand][minor version][compatible brands...]. Phones
    // often put a generic major brand ("mif1") first and "heic" among the compatible ones, so all are checked.
    private static bool IsHeif(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8))
        {
            return false;
        }

        if (HeifBrands.Contains(Encoding.ASCII.GetString(head[8..12])))
        {
            return true;
        }

        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
        for (var offset = 16; offset + 4 <= boxEnd; offset += 4)
        {
            if (HeifBrands.Contains(Encoding.ASCII.GetString(head[offset..(offset + 4)])))
            {
                return true;
            }
        }

        return false;
    }

    // "AC10" and two digits: AC1009 (R11/12) up to AC1032 (2018 and later) and whatever comes next.
    private static bool IsDwg(ReadOnlySpan<byte> head) =>
        head.Length >= 6 && head.StartsWith("AC10"u8) && char.IsAsciiDigit((char)head[4]) && char.IsAsciiDigit((char)head[5]);

    // ASCII DXF is pairs of lines (group code, value). A file opens with "0" / "SECTION", possibly after
    // "999" / comment pairs and with the group code padded by spaces ("  0\r\nSECTION").
    private static bool IsAsciiDxf(ReadOnlySpan<byte> head)
    {
        var reader = new LineReader(head.StartsWith(Utf8Bom) ? head[3..] : head);
        reader.SkipWhitespace();
        while (reader.TryReadLine(out var code))
        {
            var trimmedCode = code.Trim(" \t"u8);
            if (trimmedCode.SequenceEqual("999"u8))
            {
                if (!reader.TryReadLine(out _))
                {
                    return false;
                }

                continue;
            }

            return trimmedCode.SequenceEqual("0"u8)
                && reader.TryReadLine(out var value)
                && value.Trim(" \t"u8).SequenceEqual("SECTION"u8);
        }

        return false;
    }

    /// <summary>Splits bytes into lines ending in LF or CRLF; a last line without an ending is not returned, as it may be cut off.</summary>
    private ref struct LineReader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public void SkipWhitespace() => _rest = _rest.TrimStart(" \t\r\n"u8);

        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            var end = _rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                line = default;
                return false;
            }

            line = _rest[..end].TrimEnd((byte)'\r');
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
