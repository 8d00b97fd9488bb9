using System.Buffers;
using System.Net;
using Microsoft.Win32.SafeHandles;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// A request body read from a range of the file while it is sent: memory stays one small buffer per request
/// whatever the part size, and a retry simply creates the content again.
/// </summary>
internal sealed class FileSegmentContent(SafeFileHandle file, long offset, long length, Action<long> sent) : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var position = offset; position < offset + length;)
            {
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, (int)Math.Min(ChunkSize, offset + length - position)),
                    position, cancellationToken);
                if (read == 0)
                {
                    throw new FileChangedException();
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sent(read);
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long contentLength)
    {
        contentLength = length;
        return true;
    }

    /// <summary>The file is shorter than when the upload started: no retry can send the promised bytes.</summary>
    public sealed class FileChangedException() : IOException("The file got shorter while it was being uploaded.");
}
