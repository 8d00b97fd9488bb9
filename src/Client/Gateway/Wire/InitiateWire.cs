namespace BuildPeer.Client.Gateway.Wire;

internal sealed record InitiateRequestWire(string ProjectId, IReadOnlyList<InitiateFileWire> Files);

internal sealed record InitiateFileWire(string Filename, string ContentType, long Size, string? ChecksumSha256);

internal sealed record InitiateResponseWire(IReadOnlyList<InitiatedUploadWire>? Uploads);

/// <summary>One file of an accepted initiate: a single PUT URL, or a multipart upload with one URL per part.</summary>
internal sealed record InitiatedUploadWire(
    Guid UploadId,
    string? Filename,
    long Size,
    string? Method,
    Uri? Url,
    string? S3UploadId,
    long? PartSize,
    IReadOnlyList<PartUrlWire>? Parts,
    DateTimeOffset ExpiresAt)
{
    public const string MultipartMethod = "MULTIPART";

    public bool IsMultipart => string.Equals(Method, MultipartMethod, StringComparison.OrdinalIgnoreCase);
}

internal sealed record PartUrlWire(int PartNumber, Uri Url);
