using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using BuildPeer.Processing.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Processing.Scanning;

/// <summary>
/// Scans streams with clamd over TCP (INSTREAM), one connection per scan. The stream is sent in chunks as it is
/// read, never buffered whole. Clean only when clamd has seen every byte and answered <c>stream: OK</c>.
/// </summary>
public sealed partial class ClamdClient(IOptions<ClamdOptions> options, ILogger<ClamdClient> logger) : IVirusScanner
{
    private const int LengthPrefixBytes = 4;
    private const int MaxReplyBytes = 4096;

    // The "z" prefix asks for NUL-terminated commands and replies, so a reply can contain any text but NUL.
    private static readonly byte[] InStreamCommand = "zINSTREAM\0"u8.ToArray();
    private static readonly byte[] PingCommand = "zPING\0"u8.ToArray();
    private static readonly byte[] EndOfStream = new byte[LengthPrefixBytes];

    private readonly ClamdOptions _options = options.Value;

    private string Endpoint => $"{_options.Host}:{_options.Port}";

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ScanTimeout);
        try
        {
            using var connection = await ConnectAsync(deadline.Token, cancellationToken);
            var clamd = connection.GetStream();
            if (!await TrySendAsync(clamd, InStreamCommand, deadline.Token))
            {
                throw new TransientProcessingException($"clamd at {Endpoint} closed the connection before the scan began.");
            }

            var reply = await SendContentAndReadReplyAsync(content, clamd, deadline.Token);
            return ClamdReply.Interpret(reply, Endpoint);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientProcessingException(
                $"clamd at {Endpoint} did not finish the scan within {_options.ScanTimeout} (Clamd:ScanTimeout).", ex);
        }
    }

    /// <summary>
    /// True when clamd answers PONG within <see cref="ClamdOptions.ConnectTimeout"/>; false when it cannot be
    /// reached or answers anything else (for health checks, which must not throw).
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CommandAsync(PingCommand, cancellationToken) == "PONG";
        }
        catch (TransientProcessingException ex)
        {
            LogPingFailed(ex.Message);
            return false;
        }
    }

    private async Task<string> SendContentAndReadReplyAsync(Stream content, NetworkStream clamd, CancellationToken cancellationToken)
    {
        var chunkSize = _options.ChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(LengthPrefixBytes + Math.Max(chunkSize, MaxReplyBytes));
        try
        {
            long sent = 0;
            var connectionLost = false;
            while (true)
            {
                // Fill whole chunks: source streams (S3 responses above all) hand out small reads, and each chunk
                // costs clamd a length-prefixed read of its own.
                var read = await content.ReadAtLeastAsync(
                    buffer.AsMemory(LengthPrefixBytes, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                sent += read;
                if (sent > _options.MaxStreamBytes)
                {
                    // Stop here: the connection is dropped without the terminating zero chunk, so clamd discards
                    // the partial stream rather than judging what it has seen.
                    throw new ProcessingFailedException(
                        ErrorCodes.ScanLimitExceeded,
                        $"The file is larger than the {_options.MaxStreamBytes} bytes the virus scanner accepts (Clamd:MaxStreamBytes); it was not scanned.");
                }

                BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
                if (!await TrySendAsync(clamd, buffer.AsMemory(0, LengthPrefixBytes + read), cancellationToken))
                {
                    // Over its StreamMaxLength clamd answers "INSTREAM size limit exceeded" and closes the socket:
                    // the answer is waiting to be read even though the write failed.
                    connectionLost = true;
                    break;
                }
            }

            if (!connectionLost && !await TrySendAsync(clamd, EndOfStream, cancellationToken))
            {
                connectionLost = true;
            }

            var reply = await ReadReplyAsync(clamd, buffer, cancellationToken);
            return connectionLost && reply.Length == 0
                ? throw new TransientProcessingException($"clamd at {Endpoint} closed the connection during the scan after {sent} bytes.")
                : reply;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> CommandAsync(byte[] command, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReplyBytes);
        try
        {
            using var connection = await ConnectAsync(deadline.Token, cancellationToken);
            var clamd = connection.GetStream();
            var reply = await TrySendAsync(clamd, command, deadline.Token) ? await ReadReplyAsync(clamd, buffer, deadline.Token) : "";
            return reply.Length > 0
                ? reply
                : throw new TransientProcessingException($"clamd at {Endpoint} closed the connection without an answer.");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientProcessingException(
                $"clamd at {Endpoint} did not answer within {_options.ConnectTimeout} (Clamd:ConnectTimeout).", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<TcpClient> ConnectAsync(CancellationToken deadline, CancellationToken callerToken)
    {
        var client = new TcpClient { NoDelay = true };
        using var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        connectDeadline.CancelAfter(_options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, connectDeadline.Token);
            return client;
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new TransientProcessingException(
                $"clamd at {Endpoint} did not accept a connection within {_options.ConnectTimeout} (Clamd:ConnectTimeout).", ex);
        }
        catch (SocketException ex)
        {
            client.Dispose();
            throw new TransientProcessingException($"Cannot connect to clamd at {Endpoint}: {ex.SocketErrorCode} ({ex.Message}).", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>False when clamd has closed or reset the connection; the caller still reads whatever it answered.</summary>
    private async Task<bool> TrySendAsync(NetworkStream clamd, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await clamd.WriteAsync(bytes, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            LogConnectionClosedWhileSending(Endpoint, ex.Message);
            return false;
        }
    }

    /// <summary>Reads up to the terminating NUL, the end of the connection or <see cref="MaxReplyBytes"/>.</summary>
    private async Task<string> ReadReplyAsync(NetworkStream clamd, byte[] buffer, CancellationToken cancellationToken)
    {
        var limit = Math.Min(buffer.Length, MaxReplyBytes);
        var length = 0;
        try
        {
            while (length < limit)
            {
                var read = await clamd.ReadAsync(buffer.AsMemory(length, limit - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var nul = Array.IndexOf(buffer, (byte)0, length, read);
                length += read;
                if (nul >= 0)
                {
                    length = nul;
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            LogConnectionClosedWhileReading(Endpoint, ex.Message);
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "clamd at {Endpoint} closed the connection while data was being sent: {Reason}")]
    private partial void LogConnectionClosedWhileSending(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "clamd at {Endpoint} closed the connection while its answer was being read: {Reason}")]
    private partial void LogConnectionClosedWhileReading(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "clamd ping failed: {Reason}")]
    private partial void LogPingFailed(string reason);
}
