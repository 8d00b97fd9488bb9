namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>The outcome of a command to an upload: its status afterwards, or a stable refusal code (<see cref="Errors.ErrorCodes"/>).</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadCommandResult")]
public sealed record UploadCommandResult(
    [property: Id(0)] UploadStatus Status,
    [property: Id(1)] string? RefusalCode,
    [property: Id(2)] string? Detail)
{
    public bool Succeeded => RefusalCode is null;

    public static UploadCommandResult Ok(UploadStatus status) => new(status, null, null);
}
