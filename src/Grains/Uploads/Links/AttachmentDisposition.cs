using System.Globalization;
using System.Text;

namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// The <c>Content-Disposition</c> of a download (RFC 6266): <c>attachment; filename="…"; filename*=UTF-8''…</c>.
/// <c>filename*</c> (RFC 8187, formerly 5987) carries the real name percent-encoded as UTF-8, which every current
/// browser prefers; <c>filename</c> is an ASCII stand-in for the rest, quoted, without the characters that old
/// agents mishandle (quote, backslash, percent, controls).
/// </summary>
public static class AttachmentDisposition
{
    private const string Fallback = "download";

    public static string For(string fileName) =>
        $"attachment; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{PercentEncode(fileName)}";

    /// <summary>The name in printable ASCII: accents dropped (ñ → n), anything else left as '_'.</summary>
    public static string AsciiFallback(string fileName)
    {
        var builder = new StringBuilder(fileName.Length);
        foreach (var rune in fileName.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(rune.Value is >= 0x20 and < 0x7F and not ('"' or '\\' or '%') ? (char)rune.Value : '_');
        }

        var ascii = builder.ToString().Trim();
        return ascii.Length == 0 ? Fallback : ascii;
    }

    /// <summary>RFC 8187 <c>value-chars</c>: attr-char as is, every other UTF-8 byte as <c>%XX</c>.</summary>
    public static string PercentEncode(string value)
    {
        var builder = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (IsAttrChar(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsAttrChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-' or (byte)'.'
            or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
