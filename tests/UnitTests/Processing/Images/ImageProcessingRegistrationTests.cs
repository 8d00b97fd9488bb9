using BuildPeer.Grains.Hosting;
using BuildPeer.Processing.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Images;

public class ImageProcessingRegistrationTests
{
    [Fact]
    public void The_processor_resolves_with_defaults_of_100_megapixels_and_quality_80()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<ImageProcessingOptions>>().Value;

        Assert.IsType<ImageProcessor>(provider.GetRequiredService<IImageProcessor>());
        Assert.Equal(100_000_000, options.MaxPixels);
        Assert.Equal(80, options.JpegQuality);
    }

    [Fact]
    public void The_section_is_bound()
    {
        using var provider = Build(new() { ["Processing:Images:MaxPixels"] = "50000000", ["Processing:Images:JpegQuality"] = "70" });

        var options = provider.GetRequiredService<IOptions<ImageProcessingOptions>>().Value;

        Assert.Equal((50_000_000, 70), (options.MaxPixels, options.JpegQuality));
    }

    [Theory]
    [InlineData("Processing:Images:JpegQuality", "0", "Processing:Images:JpegQuality must be between 1 and 100")]
    [InlineData("Processing:Images:MaxPixels", "0", "Processing:Images:MaxPixels must be between")]
    [InlineData("Processing:Images:MagickMemoryLimitBytes", "1024", "Processing:Images:MagickMemoryLimitBytes must be between")]
    public void A_wrong_setting_is_named(string setting, string value, string message)
    {
        using var provider = Build(new() { [setting] = value });

        var failure = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<ImageProcessingOptions>>().Value);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddImageProcessing();
        return services.BuildServiceProvider();
    }
}
