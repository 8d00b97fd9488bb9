using System.Text.Json.Nodes;
using BuildPeer.Grains.Abstractions.Devices;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Writes the FCM HTTP v1 message for one device: a short title and body in the device's language (Spanish for
/// "es" locales, English otherwise) and the data an app needs to open the upload. FCM data values are strings.
/// </summary>
public static class PushComposer
{
    /// <summary>Names longer than this are shortened: a notification shows a line or two.</summary>
    public const int MaxNameLength = 60;

    public static JsonObject Compose(MobileDevice device, PushContent content)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(content);
        var (title, body) = Texts(device.Locale, content);
        return new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["token"] = device.Token,
                ["notification"] = new JsonObject { ["title"] = title, ["body"] = body },
                ["data"] = new JsonObject
                {
                    ["uploadId"] = content.UploadId.ToString("D"),
                    ["projectId"] = content.ProjectId,
                    ["status"] = content.Status.ToWireName(),
                    ["thumbnailUrl"] = content.ThumbnailUrl ?? string.Empty,
                },
            },
        };
    }

    /// <summary>The title and body for <paramref name="locale"/>.</summary>
    public static (string Title, string Body) Texts(string locale, PushContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var file = Shorten(content.FileName);
        var project = Shorten(content.ProjectName);
        return (IsSpanish(locale), content.Status) switch
        {
            (true, UploadStatus.Completed) => ("Carga completada", $"{file} está listo en {project}."),
            (true, UploadStatus.Quarantined) => ("Archivo en cuarentena", $"{file} quedó en cuarentena en {project}: puede contener malware."),
            (true, _) => ("Carga fallida", $"No se pudo procesar {file} en {project}."),
            (false, UploadStatus.Completed) => ("Upload complete", $"{file} is ready in {project}."),
            (false, UploadStatus.Quarantined) => ("File quarantined", $"{file} was quarantined in {project}: it may contain malware."),
            (false, _) => ("Upload failed", $"{file} could not be processed in {project}."),
        };
    }

    private static bool IsSpanish(string? locale) =>
        locale is not null && (locale.Equals("es", StringComparison.OrdinalIgnoreCase) || locale.StartsWith("es-", StringComparison.OrdinalIgnoreCase));

    private static string Shorten(string name) => name.Length <= MaxNameLength ? name : string.Concat(name.AsSpan(0, MaxNameLength - 1), "…");
}
