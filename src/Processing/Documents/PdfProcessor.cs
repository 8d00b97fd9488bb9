using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Documents;

/// <summary>
/// Reads a PDF's pages, text and information with PdfPig, then renders a page-1 preview. A password-protected
/// file completes as encrypted with nothing read from it (pdftoppm would need the password too).
/// </summary>
public sealed partial class PdfProcessor(
    PdfPreviewRenderer previewRenderer,
    IOptions<PdfProcessingOptions> options,
    ILogger<PdfProcessor> logger) : IPdfProcessor
{
    public async Task<PdfOutcome> ProcessAsync(string path, CancellationToken cancellationToken)
    {
        var content = PdfTextReader.Read(path, options.Value.MaxPages, options.Value.MaxTextBytes, cancellationToken);
        if (content.IsLocked)
        {
            LogLocked(path);
            return new PdfOutcome(new PdfMetadata { Encrypted = true }, Text: null, PreviewJpeg: null);
        }

        var preview = content.PageCount > 0
            ? await previewRenderer.RenderFirstPageAsync(path, cancellationToken)
            : null;
        var text = content.Text ?? string.Empty;
        var metadata = new PdfMetadata
        {
            PageCount = content.PageCount,
            Encrypted = content.Encrypted,
            TextLength = text.Length,
            TextExcerpt = TextExcerpt.Of(text, options.Value.ExcerptLength),
            Title = content.Title,
            Author = content.Author,
            TextTruncated = content.Truncated,
        };
        return new PdfOutcome(metadata, text, preview);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Path} is password-protected: no text and no preview")]
    private partial void LogLocked(string path);
}
