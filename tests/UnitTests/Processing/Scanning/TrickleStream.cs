namespace BuildPeer.UnitTests.Processing.Scanning;

/// <summary>Hands out at most <c>readSize</c> bytes per read, as network response streams do.</summary>
internal sealed class TrickleStream(byte[] content, int readSize) : MemoryStream(content)
{
    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, readSize)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
}
