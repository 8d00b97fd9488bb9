using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>
/// The <c>q</c> of a project listing: a case-insensitive substring of a project's name or id. Surrounding white
/// space is dropped; control characters, unpaired surrogates and more than <see cref="MaxLength"/> characters are
/// refused (no name a person types holds them, and PostgreSQL cannot store a NUL). <c>%</c>, <c>_</c> and <c>\</c>
/// are ordinary characters of names ("50% done", "site_a") and match themselves.
/// </summary>
public static class ProjectSearch
{
    public const int MaxLength = 100;

    /// <summary>The search as the listing uses it (null: no search), or false when <paramref name="q"/> is refused.</summary>
    public static bool TryNormalize(string? q, out string? search)
    {
        search = null;
        var trimmed = q?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return true;
        }

        if (!IsAcceptable(trimmed))
        {
            return false;
        }

        search = trimmed;
        return true;
    }

    /// <summary>Whether <paramref name="search"/> is one <see cref="TryNormalize"/> returns.</summary>
    public static bool IsAcceptable([NotNullWhen(true)] string? search) =>
        !string.IsNullOrEmpty(search)
        && search.Length <= MaxLength
        && search.Trim().Length == search.Length
        && !search.Any(char.IsControl)
        && IsWellFormed(search);

    /// <summary>
    /// A LIKE pattern (escape character <c>\</c>) matching any text that contains <paramref name="search"/>
    /// literally: the pattern's own characters <c>%</c>, <c>_</c> and <c>\</c> are escaped.
    /// </summary>
    public static string ContainsPattern(string search)
    {
        var pattern = new StringBuilder(search.Length + 8).Append('%');
        foreach (var character in search)
        {
            if (character is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(character);
        }

        return pattern.Append('%').ToString();
    }

    private static bool IsWellFormed(string text)
    {
        for (var index = 0; index < text.Length; index++)
        {
            if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                index++;
            }
            else if (char.IsSurrogate(text[index]))
            {
                return false;
            }
        }

        return true;
    }
}
