namespace BuildPeer.IntegrationTests.Processing.Scanning;

/// <summary>
/// Content made up as it is read: a prefix, then <c>fillLength</c> bytes of a repeated random block, then a suffix.
/// Large test objects need no large arrays, and a fresh instance replays the same bytes.
/// </summary>
internal sealed class GeneratedStream(byte[] prefix, long fillLength, byte[] suffix) : Stream
{
    private static readonly byte[] Block = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 64 * 1024);

    private long _position;

    public GeneratedStream(long fillLength, byte[]? suffix = null)
        : this([], fillLength, suffix ?? [])
    {
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => prefix.Length + fillLength + suffix.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            var source = Current();
            var n = Math.Min(source.Length, buffer.Length - written);
            source[..n].CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }

        return written;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The bytes from the current position to the end of the current part (prefix, block or suffix).</summary>
    private ReadOnlySpan<byte> Current()
    {
        if (_position < prefix.Length)
        {
            return prefix.AsSpan((int)_position);
        }

        var inFill = _position - prefix.Length;
        if (inFill < fillLength)
        {
            var inBlock = (int)(inFill % Block.Length);
            return Block.AsSpan(inBlock, (int)Math.Min(Block.Length - inBlock, fillLength - inFill));
        }

        return suffix.AsSpan((int)(inFill - fillLength));
    }
}
