using BuildPeer.Client;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>Library clients of the test hosts, as an uploader would build them, with what a test needs to watch.</summary>
public static class TestUploaders
{
    public static string TokenFor(ServiceHostsFixture hosts, string userId, string tenantId) =>
        hosts.Tokens.Issue(userId, [tenantId], "uploader", TimeSpan.FromMinutes(30));

    public static BuildPeerClientOptions Options(ServiceHostsFixture hosts, string userId, string tenantId, string stateDirectory,
        int maxRetries = 5, int maxConcurrentParts = 4, Uri? gatewayUrl = null) => new()
    {
        GatewayUrl = gatewayUrl ?? hosts.GatewayAddress,
        TenantId = tenantId,
        AccessTokenProvider = BuildPeerClientOptions.StaticToken(TokenFor(hosts, userId, tenantId)),
        StateDirectory = stateDirectory,
        MaxRetries = maxRetries,
        MaxConcurrentParts = maxConcurrentParts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(1),
        StatusPollInterval = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>A client whose gateway calls pass <paramref name="gatewayCalls"/> and whose storage PUTs use <paramref name="storage"/>.</summary>
    public static BuildPeerClient Create(BuildPeerClientOptions options, HttpClient? storage = null, GatewayCalls? gatewayCalls = null) =>
        new(options, new HttpClient(gatewayCalls ?? new GatewayCalls()) { Timeout = Timeout.InfiniteTimeSpan },
            storage ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
}

/// <summary>
/// Counts the client's gateway calls by route, and can make the gateway look older than it is (no event stream),
/// so a test can tell push from polling.
/// </summary>
public sealed class GatewayCalls(bool hideEventStream = false) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<(string Method, string Path, int Status, string? MediaType)> _calls = [];

    public IReadOnlyList<(string Method, string Path, int Status, string? MediaType)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public int Count(string method, string pathEnd) =>
        Calls.Count(call => call.Method == method && call.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var response = hideEventStream && path.EndsWith("/events", StringComparison.Ordinal)
            ? new HttpResponseMessage(System.Net.HttpStatusCode.NotFound) { RequestMessage = request }
            : await base.SendAsync(request, cancellationToken);
        lock (_calls)
        {
            _calls.Add((request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }

        return response;
    }
}

/// <summary>Files for upload tests, made on the spot.</summary>
internal static class TestFiles
{
    public const int MiB = 1024 * 1024;

    /// <summary>
    /// A DWG drawing (the version code, then deterministic noise) of exactly <paramref name="size"/> bytes: processing
    /// reads its header and completes it, so it shows the whole path for a file of any size.
    /// </summary>
    public static string Drawing(TempFolder folder, string name, long size, int seed = 7)
    {
        var path = folder.PathOf(name);
        using var file = File.Create(path);
        var random = new Random(seed);
        var buffer = new byte[MiB];
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            if (written == 0)
            {
                "AC1032"u8.CopyTo(buffer);
            }

            file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
        }

        return path;
    }
}
