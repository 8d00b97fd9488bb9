using System.Globalization;

namespace BuildPeer.Grains.Abstractions.Paging;

/// <summary>The <c>limit</c> of a listing request: digits only, within the listing's range, its default when not given.</summary>
public static class PageLimit
{
    /// <summary>
    /// The page size <paramref name="limit"/> asks for (null or empty: <paramref name="defaultLimit"/>); false when
    /// it is not a whole number from <paramref name="min"/> to <paramref name="max"/>.
    /// </summary>
    public static bool TryParse(string? limit, int min, int max, int defaultLimit, out int pageSize)
    {
        pageSize = defaultLimit;
        return string.IsNullOrEmpty(limit)
            || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize >= min && pageSize <= max);
    }

    /// <summary>The rule in words, for the problem's detail.</summary>
    public static string Rule(int min, int max, int defaultLimit) =>
        $"limit must be a whole number from {min} to {max} (default {defaultLimit}).";
}
