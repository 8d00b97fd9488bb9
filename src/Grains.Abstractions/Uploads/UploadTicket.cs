namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>
/// What a client needs to send one file straight to storage: one presigned PUT, or for a multipart upload the S3
/// upload id and one presigned URL per part; and the headers the client must send with exactly these values on
/// every PUT (signed into the URLs, so storage refuses a PUT without them). Each URL also signs the exact length
/// of its body.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadTicket")]
public sealed record UploadTicket(
    [property: Id(0)] Guid UploadId,
    [property: Id(1)] string FileName,
    [property: Id(2)] long Size,
    [property: Id(3)] UploadMethod Method,
    [property: Id(4)] Uri? Url,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string? S3UploadId = null,
    [property: Id(7)] long? PartSize = null,
    [property: Id(8)] IReadOnlyList<PartUrl>? Parts = null,
    [property: Id(9)] IReadOnlyDictionary<string, string>? Headers = null);

public enum UploadMethod
{
    Put = 0,
    Multipart = 1,
}

/// <summary>A presigned URL for one part of a multipart upload.</summary>
[GenerateSerializer, Immutable, Alias("uploads.PartUrl")]
public sealed record PartUrl([property: Id(0)] int PartNumber, [property: Id(1)] Uri Url);
