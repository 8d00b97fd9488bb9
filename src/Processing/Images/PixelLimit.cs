using BuildPeer.Processing.Errors;

namespace BuildPeer.Processing.Images;

/// <summary>The decompression-bomb guard, applied to header dimensions before any pixel is decoded.</summary>
internal static class PixelLimit
{
    public static void Ensure(long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ProcessingFailedException(
                ErrorCodes.ImageCorrupt, $"The image header declares an impossible size of {width}x{height} pixels.");
        }

        // Both factors are below 2^32, so the product cannot overflow a long.
        if (width * height > maxPixels)
        {
            throw new ProcessingFailedException(
                ErrorCodes.ImageTooLarge,
                $"The image is {width}x{height} pixels ({width * height:N0}); at most {maxPixels:N0} pixels are accepted.");
        }
    }
}
