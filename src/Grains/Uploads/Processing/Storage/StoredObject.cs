namespace BuildPeer.Grains.Uploads.Processing.Storage;

/// <summary>An object being read: its real size as storage reports it, and its bytes as a stream.</summary>
public sealed class StoredObject(long length, Stream content, IDisposable? owner) : IAsyncDisposable
{
    public long Length { get; } = length;

    public Stream Content { get; } = content;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }
}
