using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.IntegrationTests.Processing.Hostile;

/// <summary>
/// Files built to hurt a parser, generated here so no hostile binary is ever committed: small on the wire, huge or
/// endless once a parser believes them.
/// </summary>
public static class HostileFiles
{
    /// <summary>One page whose small compressed content stream inflates to about 100 MB of text operators.</summary>
    public static byte[] PdfWithMillionsOfTextOperators(int lines = 3_500_000)
    {
        // Two operators a line (Tm, Tj), 28 bytes: 3.5 million lines inflate to 98 MB.
        var line = "1 0 0 1 72 720 Tm (abcd) Tj\n"u8.ToArray();
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write("BT /F1 12 Tf\n"u8);
            var chunk = new byte[line.Length * 4096];
            for (var offset = 0; offset < chunk.Length; offset += line.Length)
            {
                line.CopyTo(chunk, offset);
            }

            for (var written = 0; written < lines; written += 4096)
            {
                zlib.Write(chunk);
            }

            zlib.Write("ET\n"u8);
        }

        var pdf = new PdfWriter();
        pdf.Object("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>");
        pdf.Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.Stream("/Filter /FlateDecode", compressed.ToArray());
        return pdf.Build();
    }

    /// <summary>A document of <paramref name="pages"/> pages that share one small content stream.</summary>
    public static byte[] PdfWithPages(int pages)
    {
        var pdf = new PdfWriter();
        const int firstPage = 5;
        var kids = string.Join(' ', Enumerable.Range(firstPage, pages).Select(number => $"{number} 0 R"));
        pdf.Object("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        pdf.Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        pdf.Stream("", "BT /F1 12 Tf 72 720 Td (A page of a very long report) Tj ET"u8.ToArray());
        for (var page = 0; page < pages; page++)
        {
            pdf.Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>");
        }

        return pdf.Build();
    }

    /// <summary>A page whose resources are arrays nested <paramref name="depth"/> deep: a recursive parser's stack.</summary>
    public static byte[] PdfWithDeeplyNestedObjects(int depth = 500_000)
    {
        var nested = new string('[', depth) + new string(']', depth);
        var pdf = new PdfWriter();
        pdf.Object("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Deep {nested} >> /Contents 4 0 R >>");
        pdf.Stream("", "BT ET"u8.ToArray());
        return pdf.Build();
    }

    /// <summary>A real small JPEG with about <paramref name="metadataBytes"/> of APP1 (EXIF) segments in front of it.</summary>
    public static byte[] JpegWithHugeApp1(int metadataBytes = 60 * 1024 * 1024)
    {
        var photo = GeneratedImages.Jpeg(640, 480);
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        // A segment's length field is 16 bits: the largest holds 65,533 bytes of payload.
        var payload = new byte[65533];
        "Exif\0\0II*\0"u8.CopyTo(payload);
        for (var written = 0; written < metadataBytes; written += payload.Length + 4)
        {
            jpeg.Write([0xFF, 0xE1, 0xFF, 0xFF]);
            jpeg.Write(payload);
        }

        jpeg.Write(photo.AsSpan(2));
        return jpeg.ToArray();
    }

    /// <summary>A ZIP whose one entry inflates from about 100 KB to 100 MB, named by the test as a photo.</summary>
    public static byte[] ZipBomb()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var megabyte = 0; megabyte < 100; megabyte++)
            {
                entry.Write(zeros);
            }
        }

        return zip.ToArray();
    }

    /// <summary>A PNG header declaring 30000x30000 pixels of 16-bit RGBA: 7.2 GB once decoded.</summary>
    public static byte[] PngDeclaringGigapixels() => GeneratedImages.PngDeclaring(30_000, 30_000, bitDepth: 16, colourType: 6);

    /// <summary>A TIFF whose first directory claims 65,535 entries and whose chain of directories loops on itself.</summary>
    public static byte[] TiffWithEndlessDirectories()
    {
        var tiff = new byte[8 + 2 + 65535 * 12 + 4];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 65535);
        for (var entry = 0; entry < 65535; entry++)
        {
            var at = 10 + entry * 12;
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)(256 + entry % 64)); // tag
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), 4); // LONG
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), 0x3FFFFFFF); // count
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), 8); // value offset: the directory again
        }

        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(tiff.Length - 4), 8); // next directory: this one
        return tiff;
    }

    /// <summary>
    /// A HEIC whose one image declares <paramref name="side"/>x<paramref name="side"/> pixels in its ispe property,
    /// with an HEVC configuration and a few bytes of coded data: the container of a bomb without the bomb.
    /// </summary>
    public static byte[] HeicDeclaring(int side = 100_000)
    {
        byte[] coded = [0, 0, 0, 0x10, 0x26, 0x01, .. Enumerable.Repeat((byte)0xAF, 14)];
        var head = HeifHead(side, dataOffset: 0, coded.Length);
        return [.. HeifHead(side, head.Length + 8, coded.Length), .. Box("mdat", coded)];
    }

    private static byte[] HeifHead(int side, int dataOffset, int dataLength)
    {
        var handler = FullBox("hdlr", [0, 0, 0, 0, .. "pict"u8, .. new byte[13]]);
        var primary = FullBox("pitm", [0, 1]);
        var entry = FullBox("infe", [0, 1, 0, 0, .. "hvc1"u8, 0], version: 2);
        var items = FullBox("iinf", [0, 1, .. entry]);
        byte[] configuration = [1, 1, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5A, 0xF0, 0, 0xFC, 0xFD, 0xF8, 0xF8, 0, 0, 0x0F, 0];
        var size = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(size, side);
        BinaryPrimitives.WriteInt32BigEndian(size.AsSpan(4), side);
        var properties = Box("ipco", [.. Box("hvcC", configuration), .. FullBox("ispe", size)]);
        var associations = FullBox("ipma", [0, 0, 0, 1, 0, 1, 2, 0x81, 0x82]);
        var location = new byte[14];
        location[0] = 0x44;
        BinaryPrimitives.WriteUInt16BigEndian(location.AsSpan(2), 1); // one item
        BinaryPrimitives.WriteUInt16BigEndian(location.AsSpan(4), 1); // item 1
        BinaryPrimitives.WriteUInt16BigEndian(location.AsSpan(8), 1); // one extent
        var extent = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(extent, dataOffset);
        BinaryPrimitives.WriteInt32BigEndian(extent.AsSpan(4), dataLength);
        var meta = FullBox("meta", [.. handler, .. primary, .. FullBox("iloc", [.. location[..10], .. extent]), .. items,
            .. Box("iprp", [.. properties, .. associations])]);
        return [.. Box("ftyp", [.. "heic"u8, 0, 0, 0, 0, .. "mif1heic"u8]), .. meta];
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, 8 + payload.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        return [.. header, .. payload];
    }

    private static byte[] FullBox(string type, byte[] payload, byte version = 0) => Box(type, [version, 0, 0, 0, .. payload]);

    /// <summary>Writes numbered objects and the cross-reference table that points at them.</summary>
    private sealed class PdfWriter
    {
        private readonly MemoryStream _body = new();
        private readonly List<long> _offsets = [];

        public PdfWriter() => Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

        public void Object(string dictionary)
        {
            _offsets.Add(_body.Position);
            Write($"{_offsets.Count} 0 obj\n{dictionary}\nendobj\n");
        }

        public void Stream(string entries, byte[] data)
        {
            _offsets.Add(_body.Position);
            Write($"{_offsets.Count} 0 obj\n<< {entries} /Length {data.Length} >>\nstream\n");
            _body.Write(data);
            Write("\nendstream\nendobj\n");
        }

        public byte[] Build()
        {
            var xref = _body.Position;
            var table = new StringBuilder($"xref\n0 {_offsets.Count + 1}\n0000000000 65535 f \n");
            foreach (var offset in _offsets)
            {
                table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
            }

            table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            Write(table.ToString());
            return _body.ToArray();
        }

        private void Write(string text) => _body.Write(Encoding.Latin1.GetBytes(text));
    }
}
