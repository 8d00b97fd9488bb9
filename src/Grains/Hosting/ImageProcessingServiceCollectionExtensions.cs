using BuildPeer.Processing.Images;
using BuildPeer.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Hosting;

public static class ImageProcessingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IImageProcessor"/> with its validated "Processing:Images" options.</summary>
    public static IServiceCollection AddImageProcessing(this IServiceCollection services)
    {
        services.AddValidatedOptions<ImageProcessingOptions>(ImageProcessingOptions.SectionName);
        services.AddSingleton<IImageProcessor, ImageProcessor>();
        return services;
    }
}
