using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads;

/// <summary>Limits and lifetimes of uploads; bound from the "Uploads" section.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Files up to this size go in one presigned PUT; larger ones are multipart.</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024, ErrorMessage = "Uploads:SinglePutMaxSizeBytes must be between 5 MiB and 5 GiB.")]
    public long SinglePutMaxSizeBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Size of each multipart part but the last; S3 wants at least 5 MiB.</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024, ErrorMessage = "Uploads:PartSizeBytes must be between 5 MiB and 5 GiB.")]
    public long PartSizeBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>
    /// The largest file the service takes, whatever a project's own limit: every file is virus-scanned whole, so
    /// this may not exceed what the scanner reads (Clamd:MaxStreamBytes; checked at start-up).
    /// </summary>
    [Range(1, 5L * 1024 * 1024 * 1024 * 1024, ErrorMessage = "Uploads:MaxFileSizeBytes must be between 1 byte and 5 TiB.")]
    public long MaxFileSizeBytes { get; set; } = 200L * 1024 * 1024;

    [Range(1, 1000, ErrorMessage = "Uploads:MaxFilesPerRequest must be between 1 and 1000.")]
    public int MaxFilesPerRequest { get; set; } = 50;

    /// <summary>How long a presigned URL stays valid; S3 allows at most seven days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Uploads:PresignedUrlLifetime must be between 1 second and 7 days.")]
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after its URLs expired a PENDING upload is given up (EXPIRED): room for a slow S3 event or a client
    /// that is about to ask for fresh part URLs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Uploads:ExpiryGracePeriod must be between 0 and 7 days.")]
    public TimeSpan ExpiryGracePeriod { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 4096, ErrorMessage = "Uploads:MaxFileNameLength must be between 1 and 4096.")]
    public int MaxFileNameLength { get; set; } = 1024;
}
