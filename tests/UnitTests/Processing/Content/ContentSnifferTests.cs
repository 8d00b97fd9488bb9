using System.Text;
using BuildPeer.Processing.Content;

namespace BuildPeer.UnitTests.Processing.Content;

public class ContentSnifferTests
{
    public static TheoryData<string, byte[], ContentKind> Signatures => new()
    {
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], ContentKind.Jpeg },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], ContentKind.Png },
        { "webp", Ascii("RIFF\x24\0\0\0WEBPVP8 "), ContentKind.WebP },
        { "heic major brand", Ftyp("heic", "mif1", "heic"), ContentKind.Heif },
        { "heif generic major, heic compatible", Ftyp("mif1", "mif1", "heic"), ContentKind.Heif },
        { "avif", Ftyp("avif", "avif", "mif1", "miaf"), ContentKind.Heif },
        { "tiff little-endian", Ascii("II*\0\x08\0\0\0"), ContentKind.Tiff },
        { "tiff big-endian", Ascii("MM\0*\0\0\0\x08"), ContentKind.Tiff },
        { "pdf", Ascii("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), ContentKind.Pdf },
        { "pdf after leading junk", [.. new byte[500], .. Ascii("%PDF-1.4\n")], ContentKind.Pdf },
        { "dwg 2018", Ascii("AC1032\0\0\0\0\0\x01"), ContentKind.Dwg },
        { "dwg r14", Ascii("AC1014\0\0\0\0\0\x01"), ContentKind.Dwg },
        { "ascii dxf", Ascii("  0\r\nSECTION\r\n  2\r\nHEADER\r\n"), ContentKind.Dxf },
        { "ascii dxf with lf", Ascii("0\nSECTION\n2\nHEADER\n"), ContentKind.Dxf },
        { "ascii dxf after blank lines", Ascii("\r\n\r\n  0\r\nSECTION\r\n"), ContentKind.Dxf },
        { "ascii dxf with comments", Ascii("999\r\nmade by a plotter\r\n999\r\n\r\n  0\r\nSECTION\r\n"), ContentKind.Dxf },
        { "binary dxf", Ascii("AutoCAD Binary DXF\r\n\x1a\0\0\0SECTION\0"), ContentKind.Dxf },
    };

    public static TheoryData<string, byte[]> Strangers => new()
    {
        { "zip", Ascii("PK\x03\x04\x14\0\0\0\x08\0") },
        { "elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0] },
        { "windows executable", Ascii("MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF") },
        { "plain text", Ascii("Hello, site manager.\n") },
        { "mp4 video", Ftyp("isom", "isom", "iso2", "mp41") },
        { "riff wave", Ascii("RIFF\x24\0\0\0WAVEfmt ") },
        { "dwg-like without digits", Ascii("AC10XY") },
        { "dxf-like without section", Ascii("  0\r\nEOF\r\n") },
        { "dxf cut before the section line ends", Ascii("  0\r\nSECTI") },
        { "pdf header beyond 1024 bytes", [.. new byte[1100], .. Ascii("%PDF-1.4\n")] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Accepted_kinds_are_recognised_by_their_magic_bytes(string name, byte[] head, ContentKind kind)
    {
        Assert.True(ContentSniffer.Detect(head) == kind, $"{name} should be {kind}");
    }

    [Theory]
    [MemberData(nameof(Strangers))]
    public void Anything_else_is_no_accepted_kind(string name, byte[] head)
    {
        Assert.True(ContentSniffer.Detect(head) is null, $"{name} should not be recognised");
    }

    [Fact]
    public void A_zip_named_jpg_is_not_what_its_extension_promises()
    {
        var zip = Ascii("PK\x03\x04\x14\0\0\0\x08\0photo.jpg");

        Assert.Equal(ContentKind.Jpeg, ContentSniffer.ExpectedFor("jpg"));
        Assert.Null(ContentSniffer.Detect(zip));
    }

    [Fact]
    public void The_shared_zip_named_jpg_sample_is_not_recognised()
    {
        if (SamplePaths.Find("broken", "zip-named.jpg") is not { } path)
        {
            return;
        }

        Assert.Null(ContentSniffer.Detect(SamplePaths.ReadHead(path, ContentSniffer.HeadLength)));
    }

    [Theory]
    [InlineData("jpg", ContentKind.Jpeg)]
    [InlineData("JPEG", ContentKind.Jpeg)]
    [InlineData(".Png", ContentKind.Png)]
    [InlineData("webp", ContentKind.WebP)]
    [InlineData("HEIC", ContentKind.Heif)]
    [InlineData("heif", ContentKind.Heif)]
    [InlineData("tif", ContentKind.Tiff)]
    [InlineData("TIFF", ContentKind.Tiff)]
    [InlineData("pdf", ContentKind.Pdf)]
    [InlineData("dwg", ContentKind.Dwg)]
    [InlineData("DXF", ContentKind.Dxf)]
    public void Each_accepted_extension_promises_one_kind(string extension, ContentKind kind)
    {
        Assert.Equal(kind, ContentSniffer.ExpectedFor(extension));
    }

    [Theory]
    [InlineData("zip")]
    [InlineData("exe")]
    [InlineData("svg")]
    [InlineData("")]
    [InlineData(".")]
    public void Other_extensions_promise_nothing(string extension)
    {
        Assert.Null(ContentSniffer.ExpectedFor(extension));
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] Ftyp(string majorBrand, params string[] compatibleBrands)
    {
        var size = 16 + (4 * compatibleBrands.Length);
        var box = new List<byte> { 0, 0, 0, (byte)size };
        box.AddRange(Ascii("ftyp" + majorBrand + "\0\0\0\0" + string.Concat(compatibleBrands)));
        box.AddRange(Ascii("\0\0\0\x0Cmeta"));
        return [.. box];
    }
}
