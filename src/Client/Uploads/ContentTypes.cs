using System.Collections.Frozen;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// The content type to declare for a file, by extension: the types the gateway accepts for site photos, plans and
/// drawings. Anything else is declared as octet-stream and the gateway names the refusal (file_type_not_allowed).
/// </summary>
internal static class ContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".heic"] = "image/heic",
        [".heif"] = "image/heif",
        [".webp"] = "image/webp",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".pdf"] = "application/pdf",
        [".dwg"] = "image/vnd.dwg",
        [".dxf"] = "image/vnd.dxf",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string For(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var contentType) ? contentType : Fallback;
}
