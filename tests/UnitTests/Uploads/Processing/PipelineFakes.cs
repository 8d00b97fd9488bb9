using System.Collections.Concurrent;
using System.Text;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.Processing.Parsers;
using BuildPeer.Processing.Scanning;

namespace BuildPeer.UnitTests.Uploads.Processing;

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

/// <summary>A parser that writes fixed outputs, or loses its worker the way a test says.</summary>
internal sealed class FakeParsers : IParsers
{
    /// <summary>When set, every job ends with the worker lost under this code (processing_timeout, resource_limit).</summary>
    public string? LosesWorkerWith { get; set; }

    /// <summary>When set, every job ends with this reply instead of the outputs.</summary>
    public ParseReply? Reply { get; set; }

    public async Task<ParserRun> ParseAsync(ContentKind kind, string inputPath, string outputDirectory, CancellationToken cancellationToken)
    {
        if (LosesWorkerWith is { } code)
        {
            return ParserRun.Lost(code, "The worker was stopped.");
        }

        if (Reply is { } reply)
        {
            return ParserRun.Replied(reply);
        }

        if (kind == ContentKind.Pdf)
        {
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, "text.txt"), "page text", cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(outputDirectory, "preview.jpg"), [0xFF, 0xD8], cancellationToken);
            return ParserRun.Replied(new ParseReply
            {
                Pdf = new PdfMetadata { PageCount = 2, TextLength = 9 },
                TextFile = "text.txt",
                PreviewFile = "preview.jpg",
            });
        }

        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, "small.jpg"), [2, 0, 0], cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(outputDirectory, "large.jpg"), [8, 0, 0], cancellationToken);
        return ParserRun.Replied(new ParseReply
        {
            Image = new ImageMetadata { Width = 4, Height = 3, Format = "jpeg" },
            Thumbnail200File = "small.jpg",
            Thumbnail800File = "large.jpg",
        });
    }
}

internal sealed class FixedDuplicates(Guid? duplicateOf) : IDuplicateFinder
{
    public Task<Guid?> FindAsync(string tenantId, string projectId, string sha256, Guid uploadId, CancellationToken cancellationToken) =>
        Task.FromResult(duplicateOf);
}
