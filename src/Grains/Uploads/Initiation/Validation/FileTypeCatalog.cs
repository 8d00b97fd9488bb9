using System.Collections.Frozen;

namespace BuildPeer.Grains.Uploads.Initiation.Validation;

/// <summary>
/// The file types a construction project accepts, by extension, with the content types a client may declare for
/// each. CAD files have no registered type that browsers agree on, so octet-stream is accepted for them alone.
/// </summary>
public static class FileTypeCatalog
{
    private static readonly FrozenDictionary<string, FrozenSet<string>> ContentTypesByExtension =
        new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["jpg"] = ["image/jpeg"],
            ["jpeg"] = ["image/jpeg"],
            ["png"] = ["image/png"],
            ["heic"] = ["image/heic", "image/heif"],
            ["heif"] = ["image/heif", "image/heic"],
            ["webp"] = ["image/webp"],
            ["tif"] = ["image/tiff"],
            ["tiff"] = ["image/tiff"],
            ["pdf"] = ["application/pdf"],
            ["dwg"] = ["image/vnd.dwg", "application/acad", "application/x-dwg", "image/x-dwg", "application/octet-stream"],
            ["dxf"] = ["image/vnd.dxf", "application/dxf", "image/x-dxf", "application/x-dxf", "application/octet-stream"],
        }.ToFrozenDictionary(
            pair => pair.Key,
            pair => pair.Value.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> AllowedExtensions => ContentTypesByExtension.Keys;

    public static bool IsAllowedExtension(string extension) => ContentTypesByExtension.ContainsKey(extension);

    public static bool IsAllowedContentType(string contentType) =>
        ContentTypesByExtension.Values.Any(types => types.Contains(contentType));

    public static bool Matches(string extension, string contentType) =>
        ContentTypesByExtension.TryGetValue(extension, out var types) && types.Contains(contentType);

    /// <summary>The extension without its dot, or empty; "photo.JPG" gives "JPG".</summary>
    public static string ExtensionOf(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return extension.Length > 1 ? extension[1..] : string.Empty;
    }

    /// <summary>"image/jpeg; charset=binary" and "IMAGE/JPEG" both mean image/jpeg.</summary>
    public static string NormalizeContentType(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = semicolon < 0 ? contentType : contentType[..semicolon];
        return bare.Trim().ToLowerInvariant();
    }
}
