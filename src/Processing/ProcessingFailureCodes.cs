namespace BuildPeer.Processing;

/// <summary>The stable codes a FAILED upload carries; clients and operators match on them, so never rename one.</summary>
public static class ProcessingFailureCodes
{
    public const string SizeMismatch = "size_mismatch";
    public const string ContentMismatch = "content_mismatch";
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string ImageTooLarge = "image_too_large";
    public const string ImageCorrupt = "image_corrupt";
    public const string PdfCorrupt = "pdf_corrupt";
    public const string DrawingCorrupt = "drawing_corrupt";
    public const string ScanLimitExceeded = "scan_limit_exceeded";
    public const string ProcessingTimeout = "processing_timeout";

    /// <summary>Parsing the file killed its worker process (memory limit, crash): the file, not the weather.</summary>
    public const string ResourceLimit = "resource_limit";
    public const string RetriesExhausted = "retries_exhausted";
}
