using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BuildPeer.Processing;
using BuildPeer.Processing.Scanning;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Processing.Scanning;

/// <summary>The INSTREAM framing and failure handling of <see cref="ClamdClient"/>, against <see cref="FakeClamd"/>.</summary>
public class ClamdClientProtocolTests
{
    private const int ChunkSize = 4096;

    [Fact]
    public async Task Content_is_sent_as_length_prefixed_chunks_ended_by_a_zero_chunk()
    {
        using var clamd = new FakeClamd("stream: OK");

        var verdict = await Client(clamd.Port).ScanAsync(new MemoryStream(new byte[10_000]), default);

        var session = await clamd.Session;
        Assert.Equal(ScanVerdict.Clean, verdict);
        Assert.Equal("zINSTREAM", session.Command);
        Assert.Equal([4096, 4096, 1808], session.ChunkLengths);
        Assert.True(session.Terminated);
    }

    [Fact]
    public async Task Small_reads_from_the_source_are_gathered_into_whole_chunks()
    {
        using var clamd = new FakeClamd("stream: OK");

        await Client(clamd.Port).ScanAsync(new TrickleStream(new byte[10_000], readSize: 100), default);

        Assert.Equal([4096, 4096, 1808], (await clamd.Session).ChunkLengths);
    }

    [Fact]
    public async Task Content_of_exactly_the_maximum_size_is_scanned()
    {
        using var clamd = new FakeClamd("stream: OK");

        var verdict = await Client(clamd.Port, maxStreamBytes: 8192).ScanAsync(new MemoryStream(new byte[8192]), default);

        Assert.Equal(ScanVerdict.Clean, verdict);
        Assert.True((await clamd.Session).Terminated);
    }

    [Fact]
    public async Task Content_over_the_maximum_size_fails_without_ending_the_stream_so_clamd_judges_nothing()
    {
        using var clamd = new FakeClamd("stream: OK");

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => Client(clamd.Port, maxStreamBytes: 8192).ScanAsync(new MemoryStream(new byte[8193]), default));

        var session = await clamd.Session;
        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
        Assert.False(session.Terminated);
        Assert.Equal(8192, session.ChunkLengths.Sum());
    }

    [Fact]
    public async Task When_clamd_cuts_the_stream_off_at_its_limit_its_answer_is_still_read()
    {
        using var clamd = new FakeClamd("INSTREAM size limit exceeded. ERROR", answerAfterBytes: 64 * 1024);

        var failure = await Assert.ThrowsAsync<ProcessingFailedException>(
            () => Client(clamd.Port).ScanAsync(new MemoryStream(new byte[32 * 1024 * 1024]), default));

        Assert.Equal(ErrorCodes.ScanLimitExceeded, failure.Code);
    }

    [Fact]
    public async Task A_connection_closed_without_an_answer_is_transient()
    {
        using var clamd = new FakeClamd(reply: null);

        var failure = await Assert.ThrowsAsync<TransientProcessingException>(
            () => Client(clamd.Port).ScanAsync(new MemoryStream(new byte[100]), default));

        Assert.Contains($"127.0.0.1:{clamd.Port}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clamd_that_never_answers_is_transient_after_the_scan_timeout()
    {
        using var clamd = new FakeClamd(reply: null, silent: true);
        var client = Client(clamd.Port, scanTimeout: TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<TransientProcessingException>(
            () => client.ScanAsync(new MemoryStream(new byte[100]), default));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Contains("ScanTimeout", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_a_transient_failure()
    {
        using var clamd = new FakeClamd(reply: null, silent: true);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client(clamd.Port).ScanAsync(new MemoryStream(new byte[100]), cancellation.Token));
    }

    [Fact]
    public async Task Ping_is_true_on_PONG()
    {
        using var clamd = new FakeClamd("PONG");

        Assert.True(await Client(clamd.Port).PingAsync(default));
        Assert.Equal("zPING", (await clamd.Session).Command);
    }

    [Fact]
    public async Task Ping_is_false_when_nothing_listens()
    {
        Assert.False(await Client(ClosedPort()).PingAsync(default));
    }

    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static ClamdClient Client(int port, long maxStreamBytes = 1024 * 1024 * 1024, TimeSpan? scanTimeout = null) =>
        new(Options.Create(new ClamdOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ChunkSize = ChunkSize,
            MaxStreamBytes = maxStreamBytes,
            ScanTimeout = scanTimeout ?? TimeSpan.FromSeconds(30),
        }), NullLogger<ClamdClient>.Instance);
}
