namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>The outcome of a command to an upload: its status afterwards, or a stable refusal code.</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadCommandResult")]
public sealed record UploadCommandResult(
    [property: Id(0)] UploadStatus Status,
    [property: Id(1)] string? RefusalCode,
    [property: Id(2)] string? Detail)
{
    public bool Succeeded => RefusalCode is null;

    public static UploadCommandResult Ok(UploadStatus status) => new(status, null, null);
}

/// <summary>Stable refusal codes of upload commands.</summary>
public static class UploadRefusals
{
    public const string UploadNotFound = "upload_not_found";
    public const string InvalidTransition = "invalid_transition";
    public const string NotMultipart = "not_multipart";
    public const string InvalidParts = "invalid_parts";
    public const string UploadNotPermitted = "upload_not_permitted";
    public const string MultipartUploadGone = "multipart_upload_not_found";
}
