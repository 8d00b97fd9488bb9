using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Processing.Scanning;

/// <summary>The "Clamd" section: where clamd listens and how much the service sends it.</summary>
public sealed class ClamdOptions
{
    public const string SectionName = "Clamd";

    [Required(ErrorMessage = "Clamd:Host is required.")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Clamd:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 3310;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00", ErrorMessage = "Clamd:ConnectTimeout must be between 50 ms and 5 minutes.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole scan: connecting, sending every byte and waiting for the verdict.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Clamd:ScanTimeout must be between 1 second and 1 hour.")]
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Bytes per INSTREAM chunk (each is sent with its own 4-byte length prefix).</summary>
    [Range(4 * 1024, 8 * 1024 * 1024, ErrorMessage = "Clamd:ChunkSize must be between 4 KiB and 8 MiB.")]
    public int ChunkSize { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest stream the client sends. It must not exceed clamd's <c>StreamMaxLength</c> (and clamd's
    /// <c>MaxFileSize</c>/<c>MaxScanSize</c> must be at least as large, or clamd answers OK for data it did not scan).
    /// A longer stream is refused with scan_limit_exceeded before clamd would cut it off. Default 200 MiB, matching
    /// <c>StreamMaxLength 200M</c> in the stack's clamd.conf.
    /// </summary>
    [Range(1L, 4L * 1024 * 1024 * 1024, ErrorMessage = "Clamd:MaxStreamBytes must be between 1 byte and 4 GiB.")]
    public long MaxStreamBytes { get; set; } = 200L * 1024 * 1024;
}
