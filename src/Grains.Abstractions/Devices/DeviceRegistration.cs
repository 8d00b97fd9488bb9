using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>
/// What a device registration may contain. Tokens become dictionary keys in grain state and URL path segments, so
/// only FCM's own token alphabet is accepted; locales are BCP 47 tags such as "es-MX".
/// </summary>
public static partial class DeviceRegistration
{
    /// <summary>FCM tokens are about 150 characters; a little room below, and a hard ceiling well above.</summary>
    public const int MinTokenLength = 100;

    public const int MaxTokenLength = 4096;

    /// <summary>Devices one user keeps per tenant; a new one past it drops the least recently registered.</summary>
    public const int MaxDevicesPerUser = 20;

    public const string DefaultLocale = "en";

    public static bool IsValidToken(string? token) =>
        token is { Length: >= MinTokenLength and <= MaxTokenLength } && TokenPattern().IsMatch(token);

    /// <summary>"android", "ios" or "web" (any case).</summary>
    public static bool TryParsePlatform(string? value, out DevicePlatform platform)
    {
        platform = default;
        return value is not null && !value.Any(char.IsDigit)
            && Enum.TryParse(value, ignoreCase: true, out platform) && Enum.IsDefined(platform);
    }

    /// <summary>A BCP 47 language tag in canonical case ("es-mx" gives "es-MX"); absent gives <see cref="DefaultLocale"/>.</summary>
    public static bool TryNormalizeLocale(string? value, out string locale)
    {
        locale = DefaultLocale;
        if (value is null)
        {
            return true;
        }

        if (!LocalePattern().IsMatch(value))
        {
            return false;
        }

        var parts = value.Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length switch
            {
                2 => parts[i].ToUpperInvariant(),
                4 => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(parts[i].ToLowerInvariant()),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        locale = string.Join('-', parts);
        return true;
    }

    // \z, not $: '$' also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9_:\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    // Language, then optional script, region or variant subtags: enough of BCP 47 for a device's locale.
    [GeneratedRegex(@"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
