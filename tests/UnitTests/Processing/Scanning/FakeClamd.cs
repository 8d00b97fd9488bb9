using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BuildPeer.UnitTests.Processing.Scanning;

/// <summary>
/// A one-connection clamd stand-in on a loopback port: it records what the client sent (command, chunk sizes,
/// whether the stream was terminated) and answers as told, so protocol details can be checked without clamd.
/// </summary>
internal sealed class FakeClamd : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    /// <param name="reply">The answer (sent with its NUL), or null to close without one.</param>
    /// <param name="answerAfterBytes">Like clamd over StreamMaxLength: answer and close once this many bytes came.</param>
    /// <param name="silent">Accept and read, but never answer (a hung clamd).</param>
    public FakeClamd(string? reply, long? answerAfterBytes = null, bool silent = false)
    {
        _listener.Start();
        Session = ServeOneAsync(reply, answerAfterBytes, silent);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the client sent; completes when the fake has answered and closed.</summary>
    public Task<FakeClamdSession> Session { get; }

    public void Dispose() => _listener.Stop();

    private async Task<FakeClamdSession> ServeOneAsync(string? reply, long? answerAfterBytes, bool silent)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var session = new FakeClamdSession(await ReadCommandAsync(stream));
        if (session.Command == "zINSTREAM")
        {
            await ReadChunksAsync(stream, session, answerAfterBytes);
        }

        if (silent)
        {
            await stream.CopyToAsync(Stream.Null);
        }
        else if (reply is not null)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\0"));
        }

        return session;
    }

    private static async Task<string> ReadCommandAsync(NetworkStream stream)
    {
        var command = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != 0)
        {
            command.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. command]);
    }

    private static async Task ReadChunksAsync(NetworkStream stream, FakeClamdSession session, long? answerAfterBytes)
    {
        var prefix = new byte[4];
        while (true)
        {
            if (await stream.ReadAtLeastAsync(prefix, 4, throwOnEndOfStream: false) < 4)
            {
                return;
            }

            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(prefix);
            if (length == 0)
            {
                session.Terminated = true;
                return;
            }

            var data = new byte[length];
            if (await stream.ReadAtLeastAsync(data, length, throwOnEndOfStream: false) < length)
            {
                return;
            }

            session.ChunkLengths.Add(length);
            if (answerAfterBytes is { } limit && session.ChunkLengths.Sum() > limit)
            {
                return;
            }
        }
    }
}
