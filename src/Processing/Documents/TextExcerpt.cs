using System.Text;

namespace BuildPeer.Processing.Documents;

/// <summary>A short one-line preview of a long text, for listings and search results.</summary>
public static class TextExcerpt
{
    /// <summary>
    /// The first <paramref name="length"/> characters of <paramref name="text"/> once every whitespace run is
    /// collapsed to one space and the ends trimmed; null when nothing is left.
    /// </summary>
    public static string? Of(string text, int length)
    {
        var excerpt = new StringBuilder(Math.Min(length, text.Length));
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = excerpt.Length > 0;
                continue;
            }

            if (excerpt.Length + (pendingSpace ? 1 : 0) >= length)
            {
                break;
            }

            if (pendingSpace)
            {
                excerpt.Append(' ');
                pendingSpace = false;
            }

            excerpt.Append(character);
        }

        // Never end on half of a surrogate pair: it would not survive encoding as UTF-8.
        if (excerpt.Length > 0 && char.IsHighSurrogate(excerpt[^1]))
        {
            excerpt.Length--;
        }

        return excerpt.Length == 0 ? null : excerpt.ToString();
    }
}
