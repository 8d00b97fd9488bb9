using System.Buffers.Binary;
using System.Text.Json;

namespace BuildPeer.Processing.Parsers;

/// <summary>
/// The wire between the silo and a parser worker: each message is a 4-byte big-endian length and that many bytes of
/// UTF-8 JSON. Requests and replies are small (paths and metadata), so a frame over the cap means a broken peer.
/// </summary>
public static class ParserFrames
{
    public const int MaxFrameBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task WriteAsync<T>(Stream stream, T message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        await stream.WriteAsync(frame, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>The next message, or null at a clean end of stream (the peer closed it between messages).</summary>
    public static async Task<T?> ReadAsync<T>(Stream stream, CancellationToken cancellationToken) where T : class
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new InvalidDataException("The stream ended inside a frame header.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > MaxFrameBytes)
        {
            throw new InvalidDataException($"A frame of {length} bytes is outside the protocol's limit.");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidDataException("An empty frame.");
    }
}
