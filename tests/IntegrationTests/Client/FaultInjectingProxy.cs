using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// An HTTP forward proxy for the uploader's storage traffic that breaks exchanges on a plan: resets the connection
/// part-way through a request body, answers 500 after taking the whole body, forwards the body to storage and then
/// drops the answer (storage has the part, the client never hears it), or holds a request back. Because it is a
/// proxy (the client asks for the absolute URL, <c>WebProxy</c> or <c>HTTP_PROXY</c>), the presigned URL and its
/// signed Host header reach storage unchanged. It counts every request body byte it receives, so a test can say
/// exactly how many bytes the client put on the wire.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Host", "Content-Length", "Expect",
    };

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _storage = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentQueue<ProxiedExchange> _exchanges = new();
    private readonly Func<ProxiedRequest, Fault> _plan;
    private readonly long? _bytesPerSecondPerConnection;
    private readonly Task _accepting;
    private long _bodyBytes;
    private int _inFlight;

    public FaultInjectingProxy(Func<ProxiedRequest, Fault>? plan = null, long? bytesPerSecondPerConnection = null)
    {
        _plan = plan ?? (_ => Fault.None);
        _bytesPerSecondPerConnection = bytesPerSecondPerConnection;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Request body bytes received from clients, those of broken exchanges included.</summary>
    public long BodyBytesReceived => Interlocked.Read(ref _bodyBytes);

    /// <summary>Exchanges begun and not yet over: one a killed client left behind is still recorded when it ends.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Every exchange so far, in the order they ended.</summary>
    public IReadOnlyList<ProxiedExchange> Exchanges => [.. _exchanges];

    /// <summary>A storage client that goes through this proxy, as the uploader's storage traffic would.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        Proxy = new WebProxy(Address) { BypassProxyOnLocal = false },
        UseProxy = true,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var socket = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        try
        {
            // One exchange after another on the same connection, as HTTP/1.1 keep-alive clients send them.
            while (await ReadHeadAsync(stream) is { } head)
            {
                if (!await ServeOneAsync(socket, stream, head))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }

    /// <returns>Whether the connection can carry another exchange.</returns>
    private async Task<bool> ServeOneAsync(Socket socket, NetworkStream stream, RequestHead head)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await ServeAsync(socket, stream, head);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<bool> ServeAsync(Socket socket, NetworkStream stream, RequestHead head)
    {
        var partNumber = int.TryParse(HttpUtility.ParseQueryString(head.Url.Query)["partNumber"], CultureInfo.InvariantCulture, out var number)
            ? number
            : (int?)null;
        var attempt = _attempts.AddOrUpdate($"{head.Method} {head.Url.AbsolutePath} {partNumber}", 1, (_, count) => count + 1);
        var request = new ProxiedRequest(head.Method, head.Url, partNumber, attempt);
        var fault = _plan(request);
        if (fault.HoldFor is { } hold)
        {
            await Task.Delay(hold, _stop.Token);
        }

        var length = head.ContentLength;
        if (fault.ResetAfterBytes is { } resetAfter)
        {
            var taken = await ReadBodyAsync(stream, Math.Min(resetAfter, length), sink: null);
            Record(request, taken, length, "reset");
            Reset(socket);
            return false;
        }

        using var body = new MemoryStream((int)length);
        await ReadBodyAsync(stream, length, body);
        if (fault.ServerError)
        {
            Record(request, length, length, "500");
            await WriteAsync(stream, 500, "Internal Server Error", [("Content-Type", "application/xml")],
                "<Error><Code>InternalError</Code><Message>Injected by the test proxy.</Message></Error>"u8.ToArray());
            return true;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(head.Method), head.Url);
        if (head.Method is not ("GET" or "HEAD" or "DELETE") || length > 0)
        {
            forwarded.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, value) in head.Headers.Where(header => !HopByHopHeaders.Contains(header.Name)))
        {
            if (!forwarded.Headers.TryAddWithoutValidation(name, value))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _storage.SendAsync(forwarded, _stop.Token);
        var answer = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        if (fault.DropResponse)
        {
            Record(request, length, length, $"{(int)response.StatusCode} dropped");
            Reset(socket);
            return false;
        }

        Record(request, length, length, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(header => !HopByHopHeaders.Contains(header.Key))
            .SelectMany(header => header.Value.Select(value => (header.Key, value)))
            .ToList();
        await WriteAsync(stream, (int)response.StatusCode, response.ReasonPhrase ?? "", headers, answer);
        return true;
    }

    private async Task<long> ReadBodyAsync(NetworkStream stream, long length, Stream? sink)
    {
        var buffer = new byte[64 * 1024];
        var started = DateTime.UtcNow;
        long taken = 0;
        while (taken < length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - taken)), _stop.Token);
            if (read == 0)
            {
                throw new IOException("The client closed the connection mid-body.");
            }

            taken += read;
            Interlocked.Add(ref _bodyBytes, read);
            if (sink is not null)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }

            if (_bytesPerSecondPerConnection is { } rate)
            {
                var due = started + TimeSpan.FromSeconds((double)taken / rate);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, _stop.Token);
                }
            }
        }

        return taken;
    }

    private void Record(ProxiedRequest request, long bodyBytes, long declaredLength, string outcome) =>
        _exchanges.Enqueue(new ProxiedExchange(request.Method, request.Url, request.PartNumber, request.Attempt, bodyBytes, declaredLength, outcome));

    // An RST rather than a FIN: to the client this is a connection reset, as on a flaky mobile network.
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task<RequestHead?> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(pair => (Name: pair[0].Trim(), Value: pair[1].Trim()))
            .ToList();
        var contentLength = headers.Where(header => header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(header => long.Parse(header.Value, CultureInfo.InvariantCulture))
            .FirstOrDefault();
        if (headers.Any(header => header.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            throw new IOException("The test proxy takes bodies with a Content-Length only.");
        }

        return new RequestHead(requestLine[0], new Uri(requestLine[1], UriKind.Absolute), headers, contentLength);
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _storage.Dispose();
        _stop.Dispose();
    }

    private sealed record RequestHead(string Method, Uri Url, IReadOnlyList<(string Name, string Value)> Headers, long ContentLength);
}

/// <summary>A request as the proxy's plan sees it; <see cref="Attempt"/> counts requests for the same part from 1.</summary>
public sealed record ProxiedRequest(string Method, Uri Url, int? PartNumber, int Attempt);

/// <summary>What the proxy did with one request: the body bytes it took and how the exchange ended.</summary>
public sealed record ProxiedExchange(string Method, Uri Url, int? PartNumber, int Attempt, long BodyBytes, long DeclaredLength, string Outcome)
{
    public bool IsPartPut => Method == "PUT" && PartNumber is not null;

    public bool Succeeded => Outcome.StartsWith('2') && !Outcome.EndsWith("dropped", StringComparison.Ordinal);
}

/// <summary>A fault to inject into one exchange; <see cref="None"/> forwards it untouched.</summary>
public sealed record Fault(long? ResetAfterBytes = null, bool ServerError = false, bool DropResponse = false, TimeSpan? HoldFor = null)
{
    public static Fault None { get; } = new();

    public static Fault ResetAfter(long bytes) => new(ResetAfterBytes: bytes);

    public static Fault Answer500 { get; } = new(ServerError: true);

    public static Fault LoseTheAnswer { get; } = new(DropResponse: true);

    public static Fault Hold(TimeSpan time) => new(HoldFor: time);
}
