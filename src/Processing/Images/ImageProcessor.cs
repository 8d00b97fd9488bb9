using BuildPeer.Processing.Content;
using BuildPeer.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Images;

/// <summary>
/// Thumbnails and metadata of one image: libvips for JPEG, PNG, WebP and TIFF, Magick.NET for HEIF, MetadataExtractor
/// for what the photo says about itself. Thread-safe; register it as a singleton.
/// </summary>
public sealed class ImageProcessor(IOptions<ImageProcessingOptions> options, ILogger<ImageProcessor> logger) : IImageProcessor
{
    private readonly VipsThumbnailer _vips = new(options.Value);
    private readonly HeifThumbnailer _heif = new(options.Value);
    private readonly ExifReader _exif = new(logger, options.Value.MaxMetadataBytes);

    public ImageOutcome Process(string path, ContentKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();

        // A missing file is the caller's storage problem, not a corrupt image; keep it out of image_corrupt.
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The image to process does not exist.", path);
        }

        Thumbnails thumbnails;
        using (ProcessingStep.Start(ProcessingStep.Thumbnails, kind))
        {
            var stripped = kind == ContentKind.Jpeg && JpegMetadataSize.Measure(path, options.Value.MaxMetadataBytes) > options.Value.MaxMetadataBytes
                ? Path.Combine(Path.GetTempPath(), $"buildpeer-stripped-{Guid.NewGuid():N}.jpg")
                : null;
            try
            {
                if (stripped is not null)
                {
                    JpegMetadataStripper.Copy(path, stripped);
                }

                thumbnails = kind switch
                {
                    ContentKind.Jpeg or ContentKind.Png or ContentKind.WebP or ContentKind.Tiff => _vips.Make(stripped ?? path, kind, cancellationToken),
                    ContentKind.Heif => _heif.Make(path, cancellationToken),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an image kind."),
                };
            }
            finally
            {
                if (stripped is not null)
                {
                    File.Delete(stripped);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        ImageMetadata metadata;
        using (ProcessingStep.Start(ProcessingStep.Exif, kind))
        {
            metadata = _exif.Read(path);
        }

        return new ImageOutcome(thumbnails.Small, thumbnails.Large, metadata with
        {
            Width = thumbnails.Width,
            Height = thumbnails.Height,
            Orientation = metadata.Orientation ?? thumbnails.Orientation,
            Format = thumbnails.Format,
        });
    }
}
