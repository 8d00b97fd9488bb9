using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads;

/// <summary>Limits and lifetimes of uploads; bound from the "Uploads" section.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>Largest file a project accepts (the seed's default per-file limit).</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Uploads:MaxFileSizeBytes must be positive.")]
    public long MaxFileSizeBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Files up to this size go in one presigned PUT; S3's minimum part size keeps it at 5 MiB or more.</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024, ErrorMessage = "Uploads:SinglePutMaxSizeBytes must be between 5 MiB and 5 GiB.")]
    public long SinglePutMaxSizeBytes { get; set; } = 5L * 1024 * 1024;

    [Range(1, 1000, ErrorMessage = "Uploads:MaxFilesPerRequest must be between 1 and 1000.")]
    public int MaxFilesPerRequest { get; set; } = 50;

    /// <summary>How long a presigned URL stays valid; S3 allows at most seven days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Uploads:PresignedUrlLifetime must be between 1 minute and 7 days.")]
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 4096, ErrorMessage = "Uploads:MaxFileNameLength must be between 1 and 4096.")]
    public int MaxFileNameLength { get; set; } = 1024;
}
