using BuildPeer.Processing.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Documents;

internal static class PdfProcessorFactory
{
    public static PdfPreviewRenderer CreateRenderer() =>
        new(Options.Create(new PdfProcessingOptions()), NullLogger<PdfPreviewRenderer>.Instance);

    public static PdfProcessor Create(Action<PdfProcessingOptions>? configure = null)
    {
        var options = new PdfProcessingOptions();
        configure?.Invoke(options);
        var wrapped = Options.Create(options);
        return new PdfProcessor(
            new PdfPreviewRenderer(wrapped, NullLogger<PdfPreviewRenderer>.Instance),
            wrapped,
            NullLogger<PdfProcessor>.Instance);
    }
}
