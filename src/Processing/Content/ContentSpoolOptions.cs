using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Processing.Content;

/// <summary>The "ContentSpool" section: where downloaded objects are spooled while they are processed.</summary>
public sealed class ContentSpoolOptions
{
    public const string SectionName = "ContentSpool";

    /// <summary>
    /// Directory for spooled copies (created when missing). Empty means a <c>buildpeer-spool</c> folder in the
    /// system temp directory. It needs room for as many objects as are processed at once.
    /// </summary>
    public string? TempDirectory { get; set; }

    /// <summary>How many leading bytes are kept for magic-byte sniffing; what <see cref="ContentSniffer"/> reads.</summary>
    [Range(0, 4096, ErrorMessage = "ContentSpool:HeadLength must be between 0 and 4096.")]
    public int HeadLength { get; set; } = ContentSniffer.HeadLength;
}
