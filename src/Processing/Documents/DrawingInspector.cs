using System.Text;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Errors;

namespace BuildPeer.Processing.Documents;

/// <summary>
/// Reads the format version of a CAD drawing from its first bytes, without a CAD library: DWG files start with
/// their version code, DXF files name it in the $ACADVER header variable near the start.
/// </summary>
public static class DrawingInspector
{
    /// <summary>The DXF header section comes first and is short; a version not found this early is not there.</summary>
    public const int DxfScanLength = 64 * 1024;

    private const string AcadVer = "$ACADVER";

    private static ReadOnlySpan<byte> BinaryDxfSentinel => "AutoCAD Binary DXF\r\n\x1a\0"u8;

    /// <summary>
    /// The drawing's format and, when it can be read, its version code and release. A well-formed code that is
    /// not in <see cref="DrawingReleases"/> is kept with a null release. Throws <see cref="ProcessingFailedException"/>
    /// (drawing_corrupt) only when the file is empty or cannot be read.
    /// </summary>
    public static DrawingMetadata Inspect(string path, ContentKind kind)
    {
        if (kind is not (ContentKind.Dwg or ContentKind.Dxf))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only DWG and DXF drawings can be inspected.");
        }

        var head = ReadHead(path, kind == ContentKind.Dwg ? 6 : DxfScanLength);
        var code = kind == ContentKind.Dwg ? DwgVersion(head) : DxfVersion(head);
        return new DrawingMetadata
        {
            Format = kind == ContentKind.Dwg ? "dwg" : "dxf",
            VersionCode = code,
            Release = code is null ? null : DrawingReleases.NameOf(code),
        };
    }

    private static byte[] ReadHead(string path, int length)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[length];
            var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
            if (read == 0)
            {
                throw new ProcessingFailedException(ErrorCodes.DrawingCorrupt, "The drawing is empty.");
            }

            return buffer[..read];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ProcessingFailedException(
                ErrorCodes.DrawingCorrupt, $"The drawing cannot be read: {exception.Message}", exception);
        }
    }

    private static string? DwgVersion(byte[] head)
    {
        var code = Encoding.ASCII.GetString(head);
        return DrawingReleases.IsVersionCode(code) ? code : null;
    }

    private static string? DxfVersion(byte[] head) =>
        head.AsSpan().StartsWith(BinaryDxfSentinel) ? BinaryDxfVersion(head) : AsciiDxfVersion(head);

    // ASCII DXF is pairs of lines: a group code, then its value. The header holds "9" / "$ACADVER" / "1" / "AC1032".
    private static string? AsciiDxfVersion(byte[] head)
    {
        // Latin-1 maps every byte to one char, so code pages of old drawings cannot break the decoding.
        var lines = Encoding.Latin1.GetString(head).Split('\n');
        for (var index = 0; index + 2 < lines.Length; index++)
        {
            if (lines[index].Trim() == AcadVer && lines[index + 1].Trim() == "1")
            {
                var value = lines[index + 2].Trim();
                return DrawingReleases.IsVersionCode(value) ? value : null;
            }
        }

        return null;
    }

    // Binary DXF: after the sentinel, each group is a code (2 bytes little-endian since R13, 1 byte before) and a
    // value; strings end in NUL. The version is the string in the group right after the "$ACADVER" name.
    private static string? BinaryDxfVersion(byte[] head)
    {
        var body = head.AsSpan(BinaryDxfSentinel.Length);
        var name = body.IndexOf("$ACADVER\0"u8);
        if (name < 0)
        {
            return null;
        }

        var rest = body[(name + AcadVer.Length + 1)..];
        rest = rest switch
        {
            [1, 0, ..] => rest[2..],
            [1, ..] => rest[1..],
            _ => [],
        };
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            return null;
        }

        var value = Encoding.Latin1.GetString(rest[..end]);
        return DrawingReleases.IsVersionCode(value) ? value : null;
    }
}
