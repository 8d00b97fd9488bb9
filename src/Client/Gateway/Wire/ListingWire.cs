namespace BuildPeer.Client.Gateway.Wire;

internal sealed record ProjectUploadsWire(IReadOnlyList<ProjectUploadWire>? Uploads, string? NextCursor)
{
    public UploadPage ToPage() => new((Uploads ?? []).Select(upload => upload.ToSummary()).ToList(), NextCursor);
}

internal sealed record ProjectUploadWire(
    Guid UploadId,
    string? Filename,
    string? ContentType,
    long Size,
    string? Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    string? Error)
{
    public UploadSummary ToSummary() => new(UploadId, Filename ?? string.Empty, ContentType ?? string.Empty, Size,
        UploadStateExtensions.ParseWireName(Status), CreatedAt, UploadedAt, ProcessedAt, Error);
}
