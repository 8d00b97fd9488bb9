using System.Text;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Parsers;

/// <summary>
/// The work a parser worker does for one request: decode, parse and render with the libraries that read untrusted
/// bytes, and write the outputs as files in the request's folder. It runs inside the worker process only; the silo
/// never loads these parsers for uploads.
/// </summary>
public sealed class ParserService(ILoggerFactory loggers)
{
    public const string Thumbnail200File = "thumbnail-200.jpg";
    public const string Thumbnail800File = "thumbnail-800.jpg";
    public const string PreviewFile = "preview.jpg";
    public const string TextFile = "text.txt";

    private (ImageProcessingOptions Images, PdfProcessingOptions Pdf, ImageProcessor ImageProcessor, PdfProcessor PdfProcessor)? _current;

    public async Task<ParseReply> ParseAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.Kind switch
            {
                ContentKind.Pdf => await ParsePdfAsync(request, cancellationToken),
                ContentKind.Jpeg or ContentKind.Png or ContentKind.WebP or ContentKind.Tiff or ContentKind.Heif
                    => await ParseImageAsync(request, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "Not a kind a parser reads."),
            };
        }
        catch (ProcessingFailedException failure)
        {
            return ParseReply.Failed(failure.Code, failure.Message);
        }
    }

    private async Task<ParseReply> ParseImageAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        var image = Processors(request).ImageProcessor.Process(request.InputPath, request.Kind, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(request.OutputDirectory, Thumbnail200File), image.Thumbnail200, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(request.OutputDirectory, Thumbnail800File), image.Thumbnail800, cancellationToken);
        return new ParseReply { Image = image.Metadata, Thumbnail200File = Thumbnail200File, Thumbnail800File = Thumbnail800File };
    }

    private async Task<ParseReply> ParsePdfAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        PdfOutcome pdf;
        using (ProcessingStep.Start(ProcessingStep.Pdf, ContentKind.Pdf))
        {
            pdf = await Processors(request).PdfProcessor.ProcessAsync(request.InputPath, cancellationToken);
        }

        string? textFile = null;
        string? previewFile = null;
        if (pdf.Text is { } text)
        {
            textFile = TextFile;
            await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, TextFile), text, new UTF8Encoding(false), cancellationToken);
        }

        if (pdf.PreviewJpeg is { } preview)
        {
            previewFile = PreviewFile;
            await File.WriteAllBytesAsync(Path.Combine(request.OutputDirectory, PreviewFile), preview, cancellationToken);
        }

        return new ParseReply { Pdf = pdf.Metadata, TextFile = textFile, PreviewFile = previewFile };
    }

    /// <summary>The processors for the request's settings; a worker sees the same settings every time, so built once.</summary>
    private (ImageProcessingOptions, PdfProcessingOptions, ImageProcessor ImageProcessor, PdfProcessor PdfProcessor) Processors(ParseRequest request)
    {
        if (_current is { } current && SameSettings(current.Images, request.Images) && SameSettings(current.Pdf, request.Pdf))
        {
            return current;
        }

        var pdfOptions = Options.Create(request.Pdf);
        var renderer = new PdfPreviewRenderer(pdfOptions, loggers.CreateLogger<PdfPreviewRenderer>());
        _current = (request.Images, request.Pdf,
            new ImageProcessor(Options.Create(request.Images), loggers.CreateLogger<ImageProcessor>()),
            new PdfProcessor(renderer, pdfOptions, loggers.CreateLogger<PdfProcessor>()));
        return _current.Value;
    }

    private static bool SameSettings<T>(T left, T right) =>
        System.Text.Json.JsonSerializer.Serialize(left) == System.Text.Json.JsonSerializer.Serialize(right);
}
