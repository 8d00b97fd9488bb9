using System.Text;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Processing.Documents;

public class DrawingInspectorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("AC1009", "AutoCAD R11/R12")]
    [InlineData("AC1012", "AutoCAD R13")]
    [InlineData("AC1014", "AutoCAD R14")]
    [InlineData("AC1015", "AutoCAD 2000")]
    [InlineData("AC1018", "AutoCAD 2004")]
    [InlineData("AC1021", "AutoCAD 2007")]
    [InlineData("AC1024", "AutoCAD 2010")]
    [InlineData("AC1027", "AutoCAD 2013")]
    [InlineData("AC1032", "AutoCAD 2018")]
    public void A_dwg_names_its_release_by_the_code_it_starts_with(string code, string release)
    {
        var path = _folder.Write("plan.dwg", Latin1(code + "\0\0\0\0\0\x01\x02\x03"));

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dwg);

        Assert.Equal(new DrawingMetadata { Format = "dwg", VersionCode = code, Release = release }, metadata);
    }

    [Fact]
    public void A_dwg_with_a_code_not_in_the_table_keeps_the_code_without_a_release()
    {
        var path = _folder.Write("plan.dwg", Latin1("AC1099\0\0\0\0"));

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dwg);

        Assert.Equal("AC1099", metadata.VersionCode);
        Assert.Null(metadata.Release);
    }

    [Theory]
    [InlineData("ACAD")]
    [InlineData("AC10XY\0\0")]
    [InlineData("\0\0\0\0\0\0\0\0")]
    public void A_dwg_without_a_readable_code_has_no_version(string content)
    {
        var path = _folder.Write("plan.dwg", Latin1(content));

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dwg);

        Assert.Equal("dwg", metadata.Format);
        Assert.Null(metadata.VersionCode);
        Assert.Null(metadata.Release);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void An_ascii_dxf_names_its_version_in_the_acadver_header_variable(string newline)
    {
        var lines = new[] { "  0", "SECTION", "  2", "HEADER", "  9", "$ACADVER", "  1", "AC1027", "  9", "$INSBASE", " 10", "0.0", "  0", "ENDSEC", "  0", "EOF" };
        var path = _folder.Write("plan.dxf", Latin1(string.Join(newline, lines) + newline));

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dxf);

        Assert.Equal(new DrawingMetadata { Format = "dxf", VersionCode = "AC1027", Release = "AutoCAD 2013" }, metadata);
    }

    [Fact]
    public void A_binary_dxf_names_its_version_after_the_acadver_name()
    {
        var content = new List<byte>();
        content.AddRange(Latin1("AutoCAD Binary DXF\r\n\x1a\0"));
        content.AddRange(Group(0, "SECTION"));
        content.AddRange(Group(2, "HEADER"));
        content.AddRange(Group(9, "$ACADVER"));
        content.AddRange(Group(1, "AC1032"));
        content.AddRange(Group(0, "ENDSEC"));
        var path = _folder.Write("plan.dxf", [.. content]);

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dxf);

        Assert.Equal("AC1032", metadata.VersionCode);
        Assert.Equal("AutoCAD 2018", metadata.Release);
    }

    [Fact]
    public void A_dxf_without_a_header_variable_has_no_version()
    {
        var path = _folder.Write("plan.dxf", Latin1("  0\r\nSECTION\r\n  2\r\nENTITIES\r\n  0\r\nENDSEC\r\n  0\r\nEOF\r\n"));

        var metadata = DrawingInspector.Inspect(path, ContentKind.Dxf);

        Assert.Equal("dxf", metadata.Format);
        Assert.Null(metadata.VersionCode);
    }

    [Fact]
    public void A_version_beyond_the_first_64_kilobytes_is_not_looked_for()
    {
        var padding = string.Concat(Enumerable.Repeat("999\r\npadding comment line\r\n", 4000));
        var path = _folder.Write("plan.dxf", Latin1(padding + "  9\r\n$ACADVER\r\n  1\r\nAC1032\r\n"));

        Assert.Null(DrawingInspector.Inspect(path, ContentKind.Dxf).VersionCode);
    }

    [Theory]
    [InlineData(ContentKind.Dwg)]
    [InlineData(ContentKind.Dxf)]
    public void An_empty_drawing_is_corrupt(ContentKind kind)
    {
        var path = _folder.Write("empty", []);

        var failure = Assert.Throws<ProcessingFailedException>(() => DrawingInspector.Inspect(path, kind));

        Assert.Equal(ErrorCodes.DrawingCorrupt, failure.Code);
    }

    [Fact]
    public void An_unreadable_drawing_is_corrupt()
    {
        var failure = Assert.Throws<ProcessingFailedException>(
            () => DrawingInspector.Inspect(_folder.PathOf("missing.dwg"), ContentKind.Dwg));

        Assert.Equal(ErrorCodes.DrawingCorrupt, failure.Code);
    }

    [Fact]
    public void Only_drawings_can_be_inspected()
    {
        var path = _folder.Write("photo.jpg", [0xFF, 0xD8, 0xFF]);

        Assert.Throws<ArgumentOutOfRangeException>(() => DrawingInspector.Inspect(path, ContentKind.Jpeg));
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] Group(short code, string value) =>
        [(byte)code, (byte)(code >> 8), .. Latin1(value), 0];
}
