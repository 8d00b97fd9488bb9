using System.Globalization;
using System.Text;

namespace BuildPeer.Grains.Uploads.Naming;

/// <summary>
/// Turns whatever a client calls its file into one safe S3 key segment. The original name is kept separately for
/// display; this one only has to be harmless and recognisable.
/// </summary>
public static class FileNameSanitizer
{
    public const int MaxLength = 128;
    private const string Fallback = "file";

    public static string Sanitize(string? fileName)
    {
        var name = LastPathSegment(fileName ?? string.Empty).Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            AppendSafe(builder, rune);
        }

        // Leading dots would make hidden files or "." / ".." segments; trailing dots and underscores are noise.
        var cleaned = CollapseUnderscores(builder.ToString()).Trim('.', '_', '-');
        if (cleaned.Length == 0 || cleaned.All(c => c == '.'))
        {
            return Fallback;
        }

        return Truncate(cleaned);
    }

    private static string LastPathSegment(string fileName)
    {
        var cut = fileName.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? fileName : fileName[(cut + 1)..];
    }

    private static void AppendSafe(StringBuilder builder, Rune rune)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            builder.Append(rune.ToString());
        }
        else if (rune.Value is '.' or '-' or '_')
        {
            builder.Append((char)rune.Value);
        }
        else
        {
            // Spaces, control characters and everything S3 or a shell would treat specially.
            builder.Append('_');
        }
    }

    private static string CollapseUnderscores(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Truncate(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        // Keep the extension: it tells people (and browsers) what the file is.
        var extension = Path.GetExtension(name);
        if (extension.Length is 0 or > 16)
        {
            extension = string.Empty;
        }

        // Cut between text elements so a multi-char letter or emoji is never split in half.
        var budget = MaxLength - extension.Length;
        var stem = new StringBuilder(budget);
        var elements = StringInfo.GetTextElementEnumerator(name[..^extension.Length]);
        while (elements.MoveNext() && stem.Length + elements.GetTextElement().Length <= budget)
        {
            stem.Append(elements.GetTextElement());
        }

        return stem.ToString().TrimEnd('.', '_', '-') + extension;
    }
}
