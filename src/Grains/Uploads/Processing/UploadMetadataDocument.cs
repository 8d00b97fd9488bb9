using System.Text.Json;
using System.Text.Json.Serialization;
using BuildPeer.Grains.Uploads.Lifecycle;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// The <c>uploads.metadata</c> document: what processing found and where it put what it made. One shape for the
/// table and the API, camelCase, absent values left out.
/// </summary>
public static class UploadMetadataDocument
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Build(UploadState upload)
    {
        var result = upload.Result;
        var document = new Document(
            result?.Sha256,
            result?.DuplicateOf,
            result?.DetectedFormat,
            result?.Image,
            result?.Pdf,
            result?.Drawing,
            Outputs.Of(result),
            result?.VirusSignature,
            result?.QuarantineKey,
            upload.Attempt > 0 ? upload.Attempt : null,
            result?.Duration is { } duration ? Math.Round(duration.TotalMilliseconds) : null);
        return JsonSerializer.Serialize(document, Json);
    }

    private sealed record Document(
        string? Sha256,
        Guid? DuplicateOf,
        string? Format,
        StoredImageMetadata? Image,
        StoredPdfMetadata? Pdf,
        StoredDrawingMetadata? Drawing,
        Outputs? Outputs,
        string? VirusSignature,
        string? QuarantineKey,
        int? Attempts,
        double? ProcessingMs);

    private sealed record Outputs(string? Thumbnail200, string? Thumbnail800, string? Preview, string? Text)
    {
        public static Outputs? Of(ProcessingResult? result) =>
            result is null || (result.Thumbnail200Key ?? result.Thumbnail800Key ?? result.PreviewKey ?? result.TextKey) is null
                ? null
                : new Outputs(result.Thumbnail200Key, result.Thumbnail800Key, result.PreviewKey, result.TextKey);
    }
}
