namespace BuildPeer.Client.Resume;

/// <summary>
/// What a restarted process needs to finish an upload: which file (and whether it is still the same file), the
/// idempotency key of its initiate (so an initiate whose answer was lost is replayed, not duplicated), the upload,
/// and every part storage has acknowledged with its ETag. Written after every acknowledged part.
/// </summary>
internal sealed class UploadStateDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public required string Key { get; init; }

    public required Uri GatewayUrl { get; init; }

    public required string TenantId { get; init; }

    public required string ProjectId { get; init; }

    public required string FilePath { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public required DateTime LastWriteTimeUtc { get; init; }

    public string? ChecksumSha256 { get; init; }

    public required string IdempotencyKey { get; set; }

    public DateTimeOffset StartedAt { get; init; }

    public Guid? UploadId { get; set; }

    public bool Multipart { get; set; }

    public long PartSize { get; set; }

    public int PartCount { get; set; }

    /// <summary>Part number → the ETag storage answered; only parts storage acknowledged.</summary>
    public SortedDictionary<int, string> CompletedParts { get; set; } = [];

    public bool Describes(FileIdentity file) =>
        FilePath == file.FullPath && Size == file.Size && LastWriteTimeUtc == file.LastWriteTimeUtc;

    public long PartLength(int partNumber) =>
        partNumber < PartCount ? PartSize : Size - ((long)(PartCount - 1) * PartSize);

    public long AcknowledgedBytes => Multipart ? CompletedParts.Keys.Sum(PartLength) : 0;

    public InterruptedUpload ToInterruptedUpload() => new(FilePath, ProjectId, FileName, Size, UploadId,
        Multipart ? PartCount : 1, [.. CompletedParts.Keys], AcknowledgedBytes, StartedAt) { StateKey = Key };
}
