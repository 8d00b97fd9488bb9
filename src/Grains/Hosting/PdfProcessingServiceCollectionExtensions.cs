using BuildPeer.Processing.Documents;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Hosting;

public static class PdfProcessingServiceCollectionExtensions
{
    /// <summary>The PDF processor and its renderer, with validated "Processing:Pdf" options.</summary>
    public static IServiceCollection AddPdfProcessing(this IServiceCollection services)
    {
        services.AddValidatedOptions<PdfProcessingOptions>(PdfProcessingOptions.SectionName);
        services.AddSingleton<PdfPreviewRenderer>();
        services.AddSingleton<IPdfProcessor, PdfProcessor>();
        return services;
    }
}
