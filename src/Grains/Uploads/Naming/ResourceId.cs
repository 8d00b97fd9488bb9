using System.Text.RegularExpressions;

namespace BuildPeer.Grains.Uploads.Naming;

/// <summary>
/// Tenant and project ids become S3 key segments, so they are restricted to a safe alphabet: letters, digits,
/// '-' and '_', starting with a letter or digit, at most 64 characters.
/// </summary>
public static partial class ResourceId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
