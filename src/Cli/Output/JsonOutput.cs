using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildPeer.Client;

namespace BuildPeer.Cli.Output;

/// <summary>
/// The <c>--json</c> documents (README, "Command line"): one JSON document on stdout per command, and one JSON
/// object per line on stderr for each error. Field names are camelCase; absent values are null, never left out, so
/// a script can rely on every field being there.
/// </summary>
internal static class JsonOutput
{
    public static string ErrorLine(CliError error) =>
        JsonSerializer.Serialize(new ErrorLineJson(ErrorJson.Of(error)), CliOutputJsonContext.Default.ErrorLineJson);

    public static void WriteFiles(TextWriter output, IEnumerable<FileOutcomeJson> files) =>
        output.WriteLine(JsonSerializer.Serialize(new FilesJson([.. files]), CliOutputJsonContext.Default.FilesJson));

    public static void WriteUpload(TextWriter output, UploadDetails upload) =>
        output.WriteLine(JsonSerializer.Serialize(UploadJson.Of(upload), CliOutputJsonContext.Default.UploadJson));

    public static void WriteList(TextWriter output, IEnumerable<UploadSummary> uploads) =>
        output.WriteLine(JsonSerializer.Serialize(new UploadListJson([.. uploads.Select(UploadSummaryJson.Of)]),
            CliOutputJsonContext.Default.UploadListJson));

    internal static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string? Time(DateTimeOffset? time) => time is { } value ? Time(value) : null;
}

internal sealed record ErrorJson(string Code, string Message, string? Subject)
{
    public static ErrorJson Of(CliError error) => new(error.Code, error.Message, error.Subject);
}

internal sealed record ErrorLineJson(ErrorJson Error);

/// <summary>One file of <c>upload</c> or <c>resume</c>: its upload and state, or the error that stopped it.</summary>
internal sealed record FileOutcomeJson(string Path, Guid? UploadId, string? Status, string? ThumbnailUrl, ErrorJson? Error);

internal sealed record FilesJson(IReadOnlyList<FileOutcomeJson> Files);

internal sealed record UploadJson(
    Guid UploadId, string ProjectId, string FileName, string ContentType, long Size, long? StoredSize, string Method,
    string Status, int Progress, string? ErrorCode, string? Error, string UploadedBy, string CreatedAt, string? UploadedAt,
    string? ProcessedAt, string? ThumbnailUrl, string? DownloadUrl, JsonElement? Metadata)
{
    public static UploadJson Of(UploadDetails upload) => new(
        upload.UploadId, upload.ProjectId, upload.FileName, upload.ContentType, upload.Size, upload.StoredSize, upload.Method,
        upload.State.ToWireName(), upload.Progress, upload.ErrorCode, upload.Error, upload.UploadedBy,
        JsonOutput.Time(upload.CreatedAt), JsonOutput.Time(upload.UploadedAt), JsonOutput.Time(upload.ProcessedAt),
        upload.ThumbnailUrl?.AbsoluteUri, upload.DownloadUrl?.AbsoluteUri, upload.Metadata);
}

internal sealed record UploadSummaryJson(
    Guid UploadId, string FileName, string ContentType, long Size, string Status, string CreatedAt, string? UploadedAt,
    string? ProcessedAt, string? Error)
{
    public static UploadSummaryJson Of(UploadSummary upload) => new(
        upload.UploadId, upload.FileName, upload.ContentType, upload.Size, upload.State.ToWireName(),
        JsonOutput.Time(upload.CreatedAt), JsonOutput.Time(upload.UploadedAt), JsonOutput.Time(upload.ProcessedAt), upload.Error);
}

internal sealed record UploadListJson(IReadOnlyList<UploadSummaryJson> Uploads);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ErrorLineJson))]
[JsonSerializable(typeof(FilesJson))]
[JsonSerializable(typeof(UploadJson))]
[JsonSerializable(typeof(UploadListJson))]
internal sealed partial class CliOutputJsonContext : JsonSerializerContext;
