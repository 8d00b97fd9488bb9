using BuildPeer.Processing.Errors;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace BuildPeer.Processing.Documents;

/// <summary>
/// Reads page count, text and document information with PdfPig. Synchronous CPU work (seconds for hundreds of
/// pages): call it from the processing worker pool. Throws <see cref="ProcessingFailedException"/> (pdf_corrupt)
/// for a file PdfPig cannot parse.
/// </summary>
public static class PdfTextReader
{
    public static PdfDocumentText Read(string path, CancellationToken cancellationToken) =>
        Read(path, int.MaxValue, long.MaxValue, cancellationToken);

    /// <summary>
    /// Reads the text of at most <paramref name="maxPages"/> pages and keeps at most <paramref name="maxTextBytes"/>
    /// bytes of it (UTF-8); either cap reached marks the result <see cref="PdfDocumentText.Truncated"/>.
    /// </summary>
    public static PdfDocumentText Read(string path, int maxPages, long maxTextBytes, CancellationToken cancellationToken)
    {
        try
        {
            // Lenient parsing (PdfPig's default) copes with the small defects real-world writers leave; skipping
            // missing fonts keeps one broken font from losing the whole document's text.
            using var document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var text = new CappedText(maxTextBytes);
            var pages = Math.Min(document.NumberOfPages, maxPages);
            for (var number = 1; number <= pages && !text.Full; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (number > 1)
                {
                    text.Append("\n");
                }

                // page.Text runs words together; the content-order extractor puts back the spaces and line breaks.
                text.Append(ContentOrderTextExtractor.GetText(document.GetPage(number)));
            }

            return new PdfDocumentText(
                document.NumberOfPages,
                text.ToString(),
                NullIfBlank(document.Information.Title),
                NullIfBlank(document.Information.Author),
                document.IsEncrypted,
                Truncated: text.Full || pages < document.NumberOfPages);
        }
        catch (PdfDocumentEncryptedException)
        {
            return PdfDocumentText.Locked;
        }
        catch (Exception exception) when (IsAboutTheFile(exception))
        {
            throw new ProcessingFailedException(
                ErrorCodes.PdfCorrupt, $"The PDF cannot be read: {exception.Message}", exception);
        }
    }

    // A hostile or broken file makes a parser throw all sorts of exceptions; only cancellation, a missing or
    // inaccessible local file, and running out of memory (the worker's limit: resource_limit) are not pdf_corrupt.
    private static bool IsAboutTheFile(Exception exception) => exception is not (
        OperationCanceledException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
        or OutOfMemoryException or InsufficientExecutionStackException);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
