using System.Text.Json.Serialization;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Gateway.Uploads;

/// <summary>Body of a successful initiate: where to send each file (the seed's shape).</summary>
public sealed record InitiateResponse(IReadOnlyList<InitiatedUpload> Uploads)
{
    public static InitiateResponse From(IEnumerable<UploadTicket> tickets) => new(tickets.Select(InitiatedUpload.From).ToList());
}

/// <summary>
/// One file: <c>"method": "PUT"</c> with one <c>url</c>, or <c>"method": "MULTIPART"</c> with the S3 upload id,
/// the part size and one URL per part. Fields of the other method are left out, not sent as null. <c>headers</c>
/// are the headers to send with exactly these values on every PUT of this upload (for a PUT: <c>Content-Type</c>
/// and <c>If-None-Match: *</c>; for parts: none); each URL also signs its body's exact length. Storage answers 412
/// to a PUT whose object is already there: for a client retrying its own PUT, that means it arrived.
/// </summary>
public sealed record InitiatedUpload(
    Guid UploadId,
    string Filename,
    long Size,
    string Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? S3UploadId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? PartSize,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PartUrlResponse>? Parts,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string> Headers)
{
    public static InitiatedUpload From(UploadTicket ticket) => new(
        ticket.UploadId,
        ticket.FileName,
        ticket.Size,
        ticket.Method == UploadMethod.Multipart ? "MULTIPART" : "PUT",
        ticket.Url,
        ticket.S3UploadId,
        ticket.PartSize,
        ticket.Parts?.Select(PartUrlResponse.From).ToList(),
        ticket.ExpiresAt,
        ticket.Headers ?? new Dictionary<string, string>());
}

public sealed record PartUrlResponse(int PartNumber, Uri Url)
{
    public static PartUrlResponse From(PartUrl part) => new(part.PartNumber, part.Url);
}
