namespace BuildPeer.Grains.Processing.Storage;

/// <summary>
/// The storage operations of processing. Storage faults surface as <see cref="TransientProcessingException"/>, so
/// the attempt is retried; an object that is not there returns null.
/// </summary>
public interface IProcessingStorage
{
    Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken);

    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Copies then deletes; repeating a move that already happened is a no-op.</summary>
    Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken);
}
