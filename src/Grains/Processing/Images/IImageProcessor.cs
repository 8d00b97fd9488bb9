using BuildPeer.Grains.Processing.Content;

namespace BuildPeer.Grains.Processing.Images;

/// <summary>
/// Makes thumbnails and reads metadata of one image file on local disk. CPU-heavy and blocking: call it only from
/// the processing worker pool, never on a grain turn. Throws <see cref="ProcessingFailedException"/> for files that
/// cannot be processed (image_too_large, image_corrupt).
/// </summary>
public interface IImageProcessor
{
    ImageOutcome Process(string path, ContentKind kind, CancellationToken cancellationToken);
}
