using BuildPeer.Processing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Images;

internal static class Processors
{
    public static ImageProcessor Create(long maxPixels = 100_000_000) =>
        new(Options.Create(new ImageProcessingOptions { MaxPixels = maxPixels }), NullLogger<ImageProcessor>.Instance);
}
