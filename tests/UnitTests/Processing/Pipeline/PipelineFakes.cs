using System.Collections.Concurrent;
using System.Text;
using BuildPeer.Grains.Processing;
using BuildPeer.Grains.Processing.Content;
using BuildPeer.Grains.Processing.Documents;
using BuildPeer.Grains.Processing.Images;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.Processing.Scanning;
using BuildPeer.Grains.Processing.Storage;

namespace BuildPeer.UnitTests.Processing.Pipeline;

/// <summary>Storage as a dictionary: what the pipeline reads, writes and moves is there to look at.</summary>
internal sealed class InMemoryStorage : IProcessingStorage
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public bool Unreachable { get; set; }

    public Task<StoredObject?> OpenAsync(string key, string? eTag, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        return Task.FromResult(Objects.TryGetValue(key, out var content)
            ? new StoredObject(content.Length, new MemoryStream(content, writable: false), null)
            : null);
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        Objects[key] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken)
    {
        ThrowIfUnreachable();
        if (Objects.TryRemove(fromKey, out var content))
        {
            Objects[toKey] = content;
        }

        return Task.CompletedTask;
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new TransientProcessingException("Storage is unreachable.");
        }
    }
}

/// <summary>Reads every byte, as clamd does, and finds the marker "VIRUS" anywhere.</summary>
internal sealed class MarkerScanner : IVirusScanner
{
    public int Scans { get; private set; }

    public bool Hangs { get; set; }

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken)
    {
        Scans++;
        if (Hangs)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer.ToArray()).Contains("VIRUS", StringComparison.Ordinal)
            ? ScanVerdict.Found("Test.Marker")
            : ScanVerdict.Clean;
    }
}

internal sealed class FakeImages : IImageProcessor
{
    public bool DecodesForever { get; set; }

    public ImageOutcome Process(string path, ContentKind kind, CancellationToken cancellationToken)
    {
        if (DecodesForever)
        {
            cancellationToken.WaitHandle.WaitOne();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new ImageOutcome([2, 0, 0], [8, 0, 0], new ImageMetadata { Width = 4, Height = 3, Format = "jpeg" });
    }
}

internal sealed class FakePdfs : IPdfProcessor
{
    public Task<PdfOutcome> ProcessAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(new PdfOutcome(new PdfMetadata { PageCount = 2, TextLength = 9 }, "page text", [0xFF, 0xD8]));
}

internal sealed class FixedDuplicates(Guid? duplicateOf) : IDuplicateFinder
{
    public Task<Guid?> FindAsync(string tenantId, string projectId, string sha256, Guid uploadId, CancellationToken cancellationToken) =>
        Task.FromResult(duplicateOf);
}
