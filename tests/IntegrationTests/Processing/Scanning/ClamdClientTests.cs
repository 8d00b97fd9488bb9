using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.Processing;
using BuildPeer.Processing.Scanning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Processing.Scanning;

/// <summary>
/// <see cref="ClamdClient"/> against the stack's real clamd (local EICAR signature; StreamMaxLength, MaxFileSize and
/// MaxScanSize 200M; AlertExceedsMax yes).
/// </summary>
public class ClamdClientTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void The_EICAR_test_string_is_the_standard_68_bytes()
    {
        Assert.Equal(68, Eicar.Bytes.Length);
    }

    [Fact]
    public async Task Clamd_answers_a_ping()
    {
        Assert.True(await Client().PingAsync(default));
    }

    [Fact]
    public async Task Harmless_bytes_are_clean()
    {
        var verdict = await Client().ScanAsync(new GeneratedStream(3 * MiB + 17), default);

        Assert.Equal(ScanVerdict.Clean, verdict);
    }

    [Fact]
    public async Task The_EICAR_test_file_is_infected_and_named()
    {
        var verdict = await Client().ScanAsync(new MemoryStream(Eicar.Bytes), default);

        Assert.True(verdict.Infected);
        Assert.StartsWith("Eicar-Test-Signature", verdict.Signature, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EICAR_in_the_last_bytes_of_a_100_MiB_file_is_found_so_no_allowed_file_passes_unscanned()
    {
        var content = new GeneratedStream(100 * MiB - Eicar.Bytes.Length, Eicar.Bytes);

        var verdict = await Client().ScanAsync(content, default);

        Assert.Equal(100 * MiB, content.Position);
        Assert.True(verdict.Infected);
        Assert.StartsWith("Eicar-Test-Signature", verdict.Signature, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_over_the_client_limit_fails_as_scan_limit_exceeded_not_clean()
    {
        var client = Client(options => options.MaxStreamBytes = MiB);

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => client.ScanAsync(new GeneratedStream(MiB + 1), default));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
    }

    [Fact]
    public async Task A_stream_over_clamds_own_StreamMaxLength_fails_as_scan_limit_exceeded_not_clean()
    {
        // The client's limit is lifted on purpose, so it is clamd that cuts the stream off at 200M.
        var client = Client(options => options.MaxStreamBytes = 300 * MiB);

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => client.ScanAsync(new GeneratedStream(201 * MiB), default));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
    }

    [Fact]
    public async Task An_unreachable_clamd_is_a_transient_failure_reported_at_once()
    {
        var port = ClosedPort();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TransientProcessingException>(
            () => Client(options => options.Port = port).ScanAsync(new MemoryStream(Eicar.Bytes), default));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
    }

    internal static ClamdClient Client(Action<ClamdOptions>? configure = null)
    {
        var options = new ClamdOptions
        {
            Host = LocalStack.Get("Clamd__Host"),
            Port = int.Parse(LocalStack.Get("Clamd__Port"), CultureInfo.InvariantCulture),
        };
        configure?.Invoke(options);
        return new ClamdClient(Options.Create(options), NullLogger<ClamdClient>.Instance);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
