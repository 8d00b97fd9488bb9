using BuildPeer.Processing.Errors;
using ImageMagick;

namespace BuildPeer.Processing.Images;

/// <summary>
/// HEIF/HEIC (and AVIF, the same container) through Magick.NET: NetVips.Native ships no HEVC decoder. The coder is
/// forced, so a file that is not HEIF fails here instead of reaching whichever ImageMagick coder its bytes suggest.
/// </summary>
internal sealed class HeifThumbnailer(ImageProcessingOptions options)
{
    public Thumbnails Make(string path, CancellationToken cancellationToken)
    {
        MagickRuntime.EnsureLimits(options);
        var settings = new MagickReadSettings { Format = MagickFormat.Heic };
        try
        {
            // Ping parses the container only; libheif reports the size after its own rotation (irot), as displayed.
            var info = new MagickImageInfo(path, settings);
            PixelLimit.Ensure(info.Width, info.Height, options.MaxPixels);
            cancellationToken.ThrowIfCancellationRequested();

            using var image = new MagickImage();
            image.Progress += (_, e) => e.Cancel = cancellationToken.IsCancellationRequested;
            image.Read(path, settings);
            cancellationToken.ThrowIfCancellationRequested();

            // libheif has usually turned the pixels upright already and reset the orientation; this covers the rest.
            image.AutoOrient();
            var (width, height) = ((int)image.Width, (int)image.Height);
            var format = image.Format == MagickFormat.Avif ? "avif" : "heif";

            if (image.Width > ThumbnailSizes.Large || image.Height > ThumbnailSizes.Large)
            {
                image.Thumbnail(new MagickGeometry(ThumbnailSizes.Large, ThumbnailSizes.Large));
            }

            ToStrippedSrgb(image);
            var large = Encode(image);
            cancellationToken.ThrowIfCancellationRequested();

            // The square is cut from the 800 pixels already decoded, as on the libvips path.
            image.Thumbnail(new MagickGeometry(ThumbnailSizes.Small, ThumbnailSizes.Small) { FillArea = true });
            image.Extent(ThumbnailSizes.Small, ThumbnailSizes.Small, Gravity.Center);
            image.ResetPage();
            var small = Encode(image);

            return new Thumbnails(small, large, width, height, null, format);
        }
        catch (MagickResourceLimitErrorException e)
        {
            throw new ProcessingFailedException(
                ErrorCodes.ImageTooLarge, $"The image exceeds the decoder's resource limits: {e.Message}", e);
        }
        catch (MagickException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessingFailedException(
                ErrorCodes.ImageCorrupt,
                $"The HEIF image could not be decoded: {e.Message.Replace(path, Path.GetFileName(path), StringComparison.Ordinal)}",
                e);
        }
    }

    /// <summary>
    /// Phone HEICs are Display P3; once the profile is stripped, viewers assume sRGB, so convert first (on 800 pixels,
    /// not 12 million), then drop every profile, EXIF and XMP block and comment.
    /// </summary>
    private static void ToStrippedSrgb(MagickImage image)
    {
        if (image.GetColorProfile() is not null)
        {
            image.TransformColorSpace(ColorProfiles.SRGB);
        }

        image.Strip();
    }

    private byte[] Encode(MagickImage image)
    {
        image.Format = MagickFormat.Jpeg;
        image.Quality = (uint)options.JpegQuality;
        return image.ToByteArray();
    }
}
