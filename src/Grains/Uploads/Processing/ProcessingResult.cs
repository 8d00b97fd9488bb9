namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// What processing learnt about a file and where it put what it made. Kept in the upload's grain state and
/// projected into <c>uploads.metadata</c>; stored with the Orleans serializer, so ids must stay stable.
/// </summary>
[GenerateSerializer, Alias("processing.ProcessingResult")]
public sealed record ProcessingResult
{
    /// <summary>SHA-256 of the content, base64 (the form of S3's x-amz-checksum-sha256).</summary>
    [Id(0)] public string? Sha256 { get; init; }

    /// <summary>An earlier COMPLETED upload of the same project with the same content.</summary>
    [Id(1)] public Guid? DuplicateOf { get; init; }

    /// <summary>The format the bytes turned out to be, e.g. "jpeg", "pdf".</summary>
    [Id(2)] public string? DetectedFormat { get; init; }

    [Id(3)] public StoredImageMetadata? Image { get; init; }

    [Id(4)] public StoredPdfMetadata? Pdf { get; init; }

    [Id(5)] public StoredDrawingMetadata? Drawing { get; init; }

    [Id(6)] public string? Thumbnail200Key { get; init; }

    [Id(7)] public string? Thumbnail800Key { get; init; }

    [Id(8)] public string? PreviewKey { get; init; }

    [Id(9)] public string? TextKey { get; init; }

    /// <summary>The scanner's name for what it found in a quarantined file.</summary>
    [Id(10)] public string? VirusSignature { get; init; }

    [Id(11)] public string? QuarantineKey { get; init; }

    [Id(12)] public TimeSpan? Duration { get; init; }
}
