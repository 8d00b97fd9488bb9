using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.Processing.Parsers;
using BuildPeer.UnitTests.Processing;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Processing.Parsers;

/// <summary>
/// The pool's handling of its processes, with small Python programs standing in for the worker: one that answers,
/// one that hangs, one that runs into its data limit, one whose resident size the watchdog sees pass the limit.
/// </summary>
public sealed class ParserPoolTests : IDisposable
{
    private const string ReadRequest = """
        import os, struct, sys, time, mmap
        def request():
            header = sys.stdin.buffer.read(4)
            if len(header) < 4: sys.exit(0)
            sys.stdin.buffer.read(struct.unpack('>i', header)[0])
        def reply(body):
            sys.stdout.buffer.write(struct.pack('>i', len(body)) + body); sys.stdout.buffer.flush()

        """;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_worker_that_answers_is_reused_for_the_next_file()
    {
        using var pool = Pool("while True:\n    request()\n    reply(b'{\"image\":{\"width\":7}}')\n");

        var first = await pool.RunAsync(Request(TimeSpan.FromSeconds(20)), CancellationToken.None);
        var workers = pool.WorkerProcessIds;
        var second = await pool.RunAsync(Request(TimeSpan.FromSeconds(20)), CancellationToken.None);

        Assert.Equal(7, first.Reply!.Image!.Width);
        Assert.Equal(7, second.Reply!.Image!.Width);
        Assert.Equal(workers, pool.WorkerProcessIds);
        Assert.Equal(0, pool.Replaced);
    }

    [Fact]
    public async Task A_file_whose_reused_worker_dies_runs_again_in_a_fresh_one()
    {
        // Every process answers its first file and dies on its second, as a worn worker might.
        using var pool = Pool("request()\nreply(b'{\"image\":{\"width\":7}}')\nrequest()\nos.abort()\n");
        await pool.RunAsync(Request(TimeSpan.FromSeconds(20)), CancellationToken.None);
        var worn = pool.WorkerProcessIds;

        var second = await pool.RunAsync(Request(TimeSpan.FromSeconds(20)), CancellationToken.None);

        Assert.Equal(7, second.Reply!.Image!.Width);
        Assert.Equal(1, pool.Replaced);
        Assert.DoesNotContain(worn.Single(), pool.WorkerProcessIds);
    }

    [Fact]
    public async Task A_worker_past_its_time_is_killed_and_reported_as_processing_timeout()
    {
        using var pool = Pool("request()\ntime.sleep(120)\n");

        var run = await pool.RunAsync(Request(TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal(ErrorCodes.ProcessingTimeout, run.LostCode);
        Assert.Equal(1, pool.Replaced);
    }

    [Fact]
    public async Task A_worker_that_runs_into_its_data_limit_is_reported_as_resource_limit()
    {
        using var pool = Pool("request()\nhog = bytearray(1024 * 1024 * 1024)\nreply(b'{}')\n");

        var run = await pool.RunAsync(Request(TimeSpan.FromSeconds(20)), CancellationToken.None);

        Assert.Equal(ErrorCodes.ResourceLimit, run.LostCode);
        Assert.Equal(1, pool.Replaced);
    }

    [Fact]
    public async Task The_watchdog_kills_a_worker_whose_resident_size_passes_the_limit()
    {
        // Shared file pages count as resident but not against the data limit: only the watchdog can stop this one.
        var backing = _folder.PathOf("pages");
        using var pool = Pool($$"""
            request()
            with open('{{backing}}', 'wb') as f: f.truncate(512 * 1024 * 1024)
            with open('{{backing}}', 'r+b') as f:
                pages = mmap.mmap(f.fileno(), 0)
                for offset in range(0, len(pages), 4096): pages[offset] = 1
            time.sleep(60)
            """);

        var run = await pool.RunAsync(Request(TimeSpan.FromSeconds(30)), CancellationToken.None);

        Assert.Equal(ErrorCodes.ResourceLimit, run.LostCode);
        Assert.Contains("memory limit", run.LostReason, StringComparison.Ordinal);
        Assert.InRange(pool.PeakWorkerResidentBytes, 128L * 1024 * 1024, 512L * 1024 * 1024);
    }

    private ParserPool Pool(string program)
    {
        var script = _folder.Write($"worker-{Guid.NewGuid():N}.py", System.Text.Encoding.UTF8.GetBytes(ReadRequest + program));
        var options = new ParserOptions
        {
            DotnetPath = "python3",
            WorkerAssemblyPath = script,
            MemoryLimitBytes = 128L * 1024 * 1024,
            WatchdogPeriod = TimeSpan.FromMilliseconds(20),
        };
        return new ParserPool(Options.Create(options), Options.Create(new ProcessingOptions { Workers = 1 }),
            Options.Create(new ImageProcessingOptions()), Options.Create(new PdfProcessingOptions()), NullLogger<ParserPool>.Instance);
    }

    private ParseRequest Request(TimeSpan timeLimit) =>
        new(ContentKind.Jpeg, _folder.PathOf("in.jpg"), _folder.Directory.FullName, timeLimit, new ImageProcessingOptions(), new PdfProcessingOptions());

    public void Dispose() => _folder.Dispose();
}
