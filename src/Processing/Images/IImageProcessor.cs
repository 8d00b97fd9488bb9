using BuildPeer.Processing.Content;

namespace BuildPeer.Processing.Images;

/// <summary>
/// Makes thumbnails and reads metadata of one image file on local disk. CPU-heavy and blocking: call it only from
/// the processing worker pool, never on a grain turn. Throws <see cref="ProcessingFailedException"/> for files that
/// cannot be processed (image_too_large, image_corrupt).
/// </summary>
public interface IImageProcessor
{
    /// <summary>Decodes the file once and returns both thumbnails and its metadata.</summary>
    /// <param name="path">The image on local disk.</param>
    /// <param name="kind">What the file's bytes were judged to be: Jpeg, Png, WebP, Tiff or Heif. A file that decodes
    /// as another format is image_corrupt.</param>
    /// <param name="cancellationToken">Checked between steps; libvips also stops mid-decode.</param>
    /// <exception cref="ProcessingFailedException">image_too_large (refused from the header, before decoding) or
    /// image_corrupt.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="FileNotFoundException">The file is not there: a storage problem, not the image's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not an image kind.</exception>
    ImageOutcome Process(string path, ContentKind kind, CancellationToken cancellationToken);
}
