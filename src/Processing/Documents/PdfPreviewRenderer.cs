using System.Globalization;
using BuildPeer.Processing.ChildProcesses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Documents;

/// <summary>
/// Renders page 1 of a PDF as a JPEG with poppler's pdftoppm in a limited child process. A preview is a nicety:
/// when it cannot be made (renderer missing, page too slow or too big, poppler disagrees with PdfPig) the result
/// is null and a warning is logged, never an exception, so the upload still completes.
/// </summary>
public sealed partial class PdfPreviewRenderer(IOptions<PdfProcessingOptions> options, ILogger<PdfPreviewRenderer> logger)
{
    private const int JpegQuality = 80;

    /// <summary>The JPEG bytes, or null when no preview could be made. Throws only when cancelled.</summary>
    public async Task<byte[]?> RenderFirstPageAsync(string pdfPath, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outputDirectory = Directory.CreateTempSubdirectory("buildpeer-pdf-preview-");
        try
        {
            var outputPrefix = Path.Combine(outputDirectory.FullName, "page");
            // Absolute paths, so a file name starting with '-' can never be read as an option.
            string[] arguments =
            [
                "-jpeg", "-jpegopt", $"quality={JpegQuality}",
                "-f", "1", "-l", "1",
                "-scale-to", settings.PreviewLongEdge.ToString(CultureInfo.InvariantCulture),
                "-singlefile",
                Path.GetFullPath(pdfPath), outputPrefix,
            ];
            var result = await LimitedProcess.RunAsync(
                settings.PrlimitPath, settings.PreviewMemoryLimitBytes, settings.PreviewTimeout,
                settings.PdftoppmPath, arguments, cancellationToken);

            // -singlefile writes exactly <prefix>.jpg.
            var outputPath = outputPrefix + ".jpg";
            if (result.Succeeded && File.Exists(outputPath))
            {
                return await File.ReadAllBytesAsync(outputPath, cancellationToken);
            }

            LogNoPreview(pdfPath, result.End, result.ExitCode, result.StandardError);
            return null;
        }
        finally
        {
            DeleteQuietly(outputDirectory);
        }
    }

    private void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException exception)
        {
            LogCleanupFailed(exception, directory.FullName);
        }
        catch (UnauthorizedAccessException exception)
        {
            LogCleanupFailed(exception, directory.FullName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No preview for {Path}: the renderer {End} (exit code {ExitCode}): {StandardError}")]
    private partial void LogNoPreview(string path, LimitedProcessEnd end, int? exitCode, string standardError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the preview folder {Directory}")]
    private partial void LogCleanupFailed(Exception exception, string directory);
}
