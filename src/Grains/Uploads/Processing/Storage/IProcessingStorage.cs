using BuildPeer.Processing;

namespace BuildPeer.Grains.Uploads.Processing.Storage;

/// <summary>
/// The storage operations of processing. Storage faults surface as <see cref="TransientProcessingException"/>, so
/// the attempt is retried; an object that is not there returns null.
/// </summary>
public interface IProcessingStorage
{
    /// <summary>
    /// Opens the object for reading; with <paramref name="eTag"/>, only that version of it: another object at the key
    /// is a <see cref="TransientProcessingException"/> (its own event rebinds the upload and starts a new attempt).
    /// </summary>
    Task<StoredObject?> OpenAsync(string key, string? eTag, CancellationToken cancellationToken);

    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Copies then deletes; repeating a move that already happened is a no-op.</summary>
    Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken);
}
