using System.Text.RegularExpressions;

namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// The one grammar of tenant and project ids: lowercase letters, digits and '-', 1-63 characters, starting and
/// ending with a letter or digit (a DNS label). They become grain keys, S3 key segments and URL path segments, so
/// nothing that could split, escape or alias one of those ('/', '.', '%', upper case) is ever an id.
/// </summary>
public static partial class ResourceId
{
    public const int MaxLength = 63;

    /// <summary>The grammar in words, for error messages.</summary>
    public const string Rule = "1-63 lowercase letters, digits or '-', starting and ending with a letter or digit";

    /// <summary>The grammar as an ECMAScript pattern, for schemas (JSON Schema, OpenAPI) that state it to clients.</summary>
    public const string SchemaPattern = "^" + Grammar + "$";

    private const string Grammar = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>Throws when <paramref name="value"/> is not an id: for builders of keys, where a bad id is a bug.</summary>
    public static string Require(string? value, string kind) => IsValid(value)
        ? value!
        : throw new ArgumentException($"'{value}' is not a valid {kind} id ({Rule}).", kind);

    // \z, not $: '$' also matches before a final newline.
    [GeneratedRegex("^" + Grammar + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
