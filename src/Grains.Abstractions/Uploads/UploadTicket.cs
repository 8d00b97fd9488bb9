namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>What a client needs to send one file straight to storage.</summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadTicket")]
public sealed record UploadTicket(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string FileName,
    [property: Id(2)] long Size,
    [property: Id(3)] UploadMethod Method,
    [property: Id(4)] Uri Url,
    [property: Id(5)] DateTimeOffset ExpiresAt);

public enum UploadMethod
{
    Put = 0,
    Multipart = 1,
}
