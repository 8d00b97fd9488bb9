using BuildPeer.Processing.Content;
using BuildPeer.Processing.Errors;
using NetVips;

namespace BuildPeer.Processing.Images;

/// <summary>JPEG, PNG, WebP and TIFF through libvips (NetVips.Native): decoded once, both sizes made from it.</summary>
internal sealed class VipsThumbnailer(ImageProcessingOptions options)
{
    private static readonly double[] _white = [255, 255, 255];

    public Thumbnails Make(string path, ContentKind kind, CancellationToken cancellationToken)
    {
        VipsRuntime.EnsureConfigured();
        try
        {
            var header = ReadHeader(path, kind);
            cancellationToken.ThrowIfCancellationRequested();

            // Shrink-on-load (JPEG, WebP) makes the 800 box far cheaper than decoding at full size; thumbnail also
            // turns the image upright from its EXIF orientation and moves an embedded colour profile to sRGB.
            using var fitted = Image.Thumbnail(
                path, ThumbnailSizes.Large, height: ThumbnailSizes.Large, size: Enums.Size.Down, failOn: Enums.FailOn.Truncated);
            using var large = Materialise(fitted, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            // The square comes from the 800 pixels already in memory, so the file is decoded only once. Small
            // originals are enlarged here on purpose: grids expect every square to be the same size.
            using var small = large.ThumbnailImage(
                ThumbnailSizes.Small, height: ThumbnailSizes.Small, size: Enums.Size.Both, crop: Enums.Interesting.Centre);

            var (width, height) = header.Orientation is >= 5 and <= 8
                ? (header.Height, header.Width)
                : (header.Width, header.Height);
            return new Thumbnails(Encode(small), Encode(large), width, height, header.Orientation, header.Format);
        }
        catch (VipsException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // libvips reports running into the worker's memory limit as a failed allocation or thread: the file
            // needs more than a worker may use, which is not the same as a broken file.
            throw new ProcessingFailedException(
                VipsFailures.IsResourceLimit(e.Message) ? ErrorCodes.ResourceLimit : ErrorCodes.ImageCorrupt,
                $"The image could not be decoded: {Describe(e, path)}", e);
        }
    }

    private Header ReadHeader(string path, ContentKind kind)
    {
        // Opening is lazy: only the header is parsed, so a bomb is refused here before its pixels cost anything.
        using var image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
        var loader = image.Get("vips-loader") as string ?? "";
        var format = loader.EndsWith("load", StringComparison.Ordinal) ? loader[..^"load".Length] : loader;
        if (!IsExpected(format, kind))
        {
            throw new ProcessingFailedException(
                ErrorCodes.ImageCorrupt, $"The file was expected to be {kind} but decodes as '{format}'.");
        }

        PixelLimit.Ensure(image.Width, image.Height, options.MaxPixels);
        int? orientation = image.GetTypeOf("orientation") != IntPtr.Zero ? (int)image.Get("orientation") : null;
        return new Header(image.Width, image.Height, orientation, format);
    }

    private static bool IsExpected(string format, ContentKind kind) => kind switch
    {
        ContentKind.Jpeg => format == "jpeg",
        ContentKind.Png => format == "png",
        ContentKind.WebP => format == "webp",
        ContentKind.Tiff => format == "tiff",
        _ => false,
    };

    /// <summary>
    /// Runs the decode into memory (where truncation and corruption surface), flattening transparency onto white
    /// because JPEG has no alpha and libvips would otherwise flatten onto black.
    /// </summary>
    private static Image Materialise(Image fitted, CancellationToken cancellationToken)
    {
        using var opaque = fitted.HasAlpha() ? fitted.Flatten(background: _white) : fitted.Copy();

        // A kill flag makes libvips stop between tiles; the VipsException it raises is turned back into a
        // cancellation by the caller.
        using var registration = cancellationToken.Register(() => opaque.SetKill(true));
        return opaque.CopyMemory();
    }

    private byte[] Encode(Image image) =>
        image.JpegsaveBuffer(q: options.JpegQuality, optimizeCoding: true, keep: Enums.ForeignKeep.None);

    /// <summary>libvips' last error line, without the server's temporary path.</summary>
    private static string Describe(VipsException e, string path)
    {
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length > 0 ? lines[^1] : "unknown error";
        return last.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);
    }

    private sealed record Header(int Width, int Height, int? Orientation, string Format);
}
