using System.Security.Cryptography;

namespace BuildPeer.Processing.Content;

/// <summary>
/// A read-only pass-through: whatever its reader takes from the source is also written to a copy, hashed, counted,
/// and the first bytes kept. It observes only what is actually read, so a reader that stops early leaves
/// <see cref="ReachedEnd"/> false. It owns neither the source nor the copy.
/// </summary>
internal sealed class TeeReadStream(Stream source, Stream copy, IncrementalHash hash, int headLength) : Stream
{
    private readonly byte[] _head = new byte[headLength];
    private int _headCount;

    /// <summary>Bytes read through this stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read has returned 0: the source is exhausted and every byte has been observed.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>The first bytes of the content (fewer when the content is shorter than the head length).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headCount);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        if (buffer.Length > 0)
        {
            copy.Write(buffer[..read]);
            Observe(buffer[..read]);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        // A zero-length request answers 0 without meaning the end of the source.
        if (buffer.Length > 0)
        {
            await copy.WriteAsync(buffer[..read], cancellationToken);
            Observe(buffer.Span[..read]);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            ReachedEnd = true;
            return;
        }

        hash.AppendData(bytes);
        var toHead = Math.Min(bytes.Length, _head.Length - _headCount);
        bytes[..toHead].CopyTo(_head.AsSpan(_headCount));
        _headCount += toHead;
        BytesRead += bytes.Length;
    }
}
