using System.Text;

namespace BuildPeer.Grains.Uploads.Records;

/// <summary>
/// Makes text storable in PostgreSQL, whatever reached the projection: <c>text</c> cannot hold NUL (error 22021),
/// UTF-8 cannot hold a lone surrogate, and <c>jsonb</c> refuses the escape <c>\u0000</c> (22P05). A row that can
/// never be written would be retried for ever, so each such character becomes U+FFFD instead. Names are refused
/// at initiate already; this is the backstop for anything else (an error message, extracted metadata).
/// </summary>
public static class PostgresText
{
    private const char Replacement = '\uFFFD';

    public static string? Clean(string? value) => value is null || IsClean(value) ? value : Rebuild(value);

    /// <summary>JSON text whose <c>\u0000</c> escapes (and raw unstorable characters) become U+FFFD.</summary>
    public static string CleanJson(string json)
    {
        var cleaned = Clean(json)!;
        if (!cleaned.Contains(@"\u0000", StringComparison.OrdinalIgnoreCase))
        {
            return cleaned;
        }

        var builder = new StringBuilder(cleaned.Length);
        for (var index = 0; index < cleaned.Length; index++)
        {
            if (cleaned[index] == '\\' && index + 1 < cleaned.Length)
            {
                // An escape: copy it whole, so "\\u0000" (a backslash, then the text u0000) is never mistaken for one.
                var escape = cleaned[index + 1] == 'u' && index + 6 <= cleaned.Length ? cleaned.Substring(index, 6) : cleaned.Substring(index, 2);
                builder.Append(escape.Equals(@"\u0000", StringComparison.OrdinalIgnoreCase) ? @"\ufffd" : escape);
                index += escape.Length - 1;
                continue;
            }

            builder.Append(cleaned[index]);
        }

        return builder.ToString();
    }

    private static bool IsClean(string value)
    {
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]))
                {
                    return false;
                }

                index++;
            }
        }

        return true;
    }

    private static string Rebuild(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (char.IsHighSurrogate(c) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                builder.Append(c).Append(value[++index]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? Replacement : c);
            }
        }

        return builder.ToString();
    }
}
