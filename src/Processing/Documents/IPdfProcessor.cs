namespace BuildPeer.Processing.Documents;

/// <summary>
/// Reads page count and text, and renders a page-1 preview in a child process with time and memory limits. Run it
/// from the processing worker pool. Throws <see cref="ProcessingFailedException"/> (pdf_corrupt) for broken files;
/// an encrypted file is not an error.
/// </summary>
public interface IPdfProcessor
{
    Task<PdfOutcome> ProcessAsync(string path, CancellationToken cancellationToken);
}
