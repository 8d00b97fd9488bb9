using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Processing.Documents;

/// <summary>The "Processing:Pdf" section: limits for reading PDFs and rendering their previews.</summary>
public sealed class PdfProcessingOptions
{
    public const string SectionName = "Processing:Pdf";

    /// <summary>Pixels of the preview's longer side; the shorter follows the page's proportions.</summary>
    [Range(16, 4096, ErrorMessage = "Processing:Pdf:PreviewLongEdge must be between 16 and 4096.")]
    public int PreviewLongEdge { get; set; } = 800;

    /// <summary>Wall-clock limit for the renderer; a page that takes longer gets no preview rather than a stuck worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00", ErrorMessage = "Processing:Pdf:PreviewTimeout must be between 1 ms and 5 minutes.")]
    public TimeSpan PreviewTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Address-space limit of the renderer process, so a hostile page cannot take the machine's memory.</summary>
    [Range(16L * 1024 * 1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "Processing:Pdf:PreviewMemoryLimitBytes must be between 16 MiB and 16 GiB.")]
    public long PreviewMemoryLimitBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Characters kept in <see cref="PdfMetadata.TextExcerpt"/>.</summary>
    [Range(0, 10_000, ErrorMessage = "Processing:Pdf:ExcerptLength must be between 0 and 10000.")]
    public int ExcerptLength { get; set; } = 300;

    /// <summary>Pages whose text is read; the page count still covers every page. Past it the text is marked truncated.</summary>
    [Range(1, 100_000, ErrorMessage = "Processing:Pdf:MaxPages must be between 1 and 100000.")]
    public int MaxPages { get; set; } = 500;

    /// <summary>UTF-8 bytes of extracted text kept and stored; reading stops there and the text is marked truncated.</summary>
    [Range(1024, 256L * 1024 * 1024, ErrorMessage = "Processing:Pdf:MaxTextBytes must be between 1 KiB and 256 MiB.")]
    public long MaxTextBytes { get; set; } = 1024 * 1024;

    /// <summary>poppler's renderer; a bare name is looked up on PATH.</summary>
    [Required(ErrorMessage = "Processing:Pdf:PdftoppmPath is required.")]
    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>util-linux prlimit, which applies the memory limit to the renderer before it starts.</summary>
    [Required(ErrorMessage = "Processing:Pdf:PrlimitPath is required.")]
    public string PrlimitPath { get; set; } = "prlimit";
}
