using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildPeer.Processing.Images;

/// <summary>Turns EXIF's "2022:02:16 12:55:41" plus an optional "+01:00" into ISO 8601.</summary>
internal static partial class ExifDates
{
    /// <summary>
    /// "2022-02-16T12:55:41+01:00" when the camera recorded an offset, else the local "2008-10-22T16:28:39"; null for
    /// missing or placeholder dates ("0000:00:00 00:00:00").
    /// </summary>
    public static string? CapturedAt(string? dateTime, string? offset)
    {
        if (dateTime is null || !DateTime.TryParseExact(
                dateTime.Trim('\0', ' '), "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var iso = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var trimmedOffset = offset?.Trim('\0', ' ');
        return trimmedOffset is not null && OffsetPattern().IsMatch(trimmedOffset) ? iso + trimmedOffset : iso;
    }

    [GeneratedRegex(@"^[+-](0\d|1[0-4]):[0-5]\d$")]
    private static partial Regex OffsetPattern();
}
