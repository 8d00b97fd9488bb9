using System.Net;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Xunit.Abstractions;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// Push across two gateways and two silos: an upload initiated through one gateway is followed through the other,
/// every state change arriving within a fraction of a second of its write, whichever silo processed it.
/// </summary>
[Collection(PushHostsCollection.Name)]
public sealed class PushAcrossGatewaysTests(PushHostsFixture hosts, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// A bound that catches a change that was not pushed (only a resync would bring it, seconds later), not a
    /// latency target: the suite runs other tests' processing on the same two cores, and a timed assertion would
    /// measure them. The latency itself is reported per event (docs/benchmarks.md, "Push latency").
    /// </summary>
    private static readonly TimeSpan MaxLatency = TimeSpan.FromSeconds(5);

    private static readonly string[] InOrder = ["PENDING", "UPLOADED", "PROCESSING", "COMPLETED"];

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private string _project = string.Empty;
    private HttpClient _aliceOnA = null!;
    private HttpClient _aliceOnB = null!;

    public async Task InitializeAsync()
    {
        _project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        _aliceOnA = hosts.CreateClientOn(0, "alice", "acme");
        _aliceOnB = hosts.CreateClientOn(1, "alice", "acme");
    }

    [Fact]
    public async Task An_upload_initiated_on_one_gateway_is_followed_on_the_other_through_every_state_to_its_thumbnail()
    {
        await using var project = await EventStreamReader.OpenAsync(_aliceOnB, $"api/projects/{_project}/events");
        var uploadId = await UploadAsync(_aliceOnA, _project, "facade.png", "image/png", GeneratedImages.TransparentPng(320, 200));
        var created = await project.UntilAsync(uploadId, _ => true, Wait);
        await using var upload = await EventStreamReader.OpenAsync(_aliceOnB, $"api/uploads/{uploadId}/events");
        var current = await upload.NextAsync(Wait);

        await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "facade.png");
        var followed = await upload.UntilAsync(uploadId, IsTerminal, Wait);
        var listed = await project.UntilAsync(uploadId, IsTerminal, Wait);

        Assert.Equal(("PENDING", 1), (created.Single().Status, created.Single().Version));
        AssertPromptly(created);
        Assert.Equal(("PENDING", 1), (current.Status, current.Version));
        foreach (var stream in new[] { followed, listed })
        {
            Assert.Equal(["UPLOADED", "PROCESSING", "COMPLETED"], stream.Select(change => change.Status));
            AssertVersionsRise([current, .. stream]);
            AssertPromptly(stream);
        }

        Report("upload stream (gateway B)", followed);
        Report("project stream (gateway B)", [.. created, .. listed]);
        var thumbnail = followed[^1].ThumbnailUrl;
        Assert.NotNull(thumbnail);
        using var storage = new HttpClient();
        using var image = await storage.GetAsync(new Uri(thumbnail));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("COMPLETED", await ApiCalls.StatusOfAsync(_aliceOnA, uploadId));
    }

    [Fact]
    public async Task Uploads_processed_on_either_silo_reach_followers_on_both_gateways()
    {
        await using var onA = await EventStreamReader.OpenAsync(_aliceOnA, $"api/projects/{_project}/events");
        await using var onB = await EventStreamReader.OpenAsync(_aliceOnB, $"api/projects/{_project}/events");
        var placed = new Dictionary<Guid, int>();
        foreach (var silo in new[] { 0, 1, 0, 1 })
        {
            var name = $"on-silo-{silo}-{placed.Count}.png";
            var uploadId = await PushCluster.UploadOnSiloAsync(hosts, silo, _project, name, GeneratedImages.TransparentPng(64 + placed.Count, 48));
            await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, name);
            placed[uploadId] = silo;
        }

        foreach (var (uploadId, silo) in placed)
        {
            // Processing ran on the worker pool of the silo that hosts the upload's grain.
            Assert.Equal(silo, await PushCluster.SiloOfUploadAsync(hosts, uploadId));
            foreach (var (gateway, stream) in new[] { ("A", onA), ("B", onB) })
            {
                var seen = await stream.UntilAsync(uploadId, IsTerminal, Wait);
                // In order and ending COMPLETED. An intermediate state may be missing here: with two silos a feed's
                // one-way notifications can reach a gateway over either silo's connection, so UPLOADED can arrive
                // after PROCESSING and be dropped as older (known gap, see docs/architecture.md "Real-time push").
                var statuses = seen.Select(change => change.Status).ToList();
                Assert.Equal("PENDING", statuses[0]);
                Assert.Equal("COMPLETED", statuses[^1]);
                Assert.Equal(statuses.OrderBy(status => Array.IndexOf(InOrder, status)), statuses);
                Assert.NotNull(seen[^1].ThumbnailUrl);
                AssertVersionsRise(seen);
                AssertPromptly(seen);
                Report($"processed on silo {silo}, followed on gateway {gateway}", seen);
            }
        }
    }

    [Fact]
    public async Task A_client_that_reconnects_gets_the_current_state_first_so_it_never_misses_the_end()
    {
        var finished = await UploadAsync(_aliceOnA, _project, "finished.png", "image/png", GeneratedImages.TransparentPng(100, 80));
        await PushCluster.DeliverObjectCreatedAsync(hosts, _project, finished, "finished.png");
        var done = await AwaitFinishedAsync(_aliceOnA, finished);
        var waiting = await UploadAsync(_aliceOnA, _project, "waiting.png", "image/png", GeneratedImages.TransparentPng(90, 70));

        // The client was away while the upload finished: it connects again, to the other gateway.
        await using var upload = await EventStreamReader.OpenAsync(_aliceOnB, $"api/uploads/{finished}/events");
        await using var project = await EventStreamReader.OpenAsync(_aliceOnB, $"api/projects/{_project}/events");

        var first = await upload.NextAsync(Wait);
        Assert.Equal((finished, "COMPLETED"), (first.UploadId, first.Status));
        Assert.NotNull(first.ThumbnailUrl);
        Assert.Equal(done.GetProperty("processedAt").GetDateTimeOffset(), first.Data.GetProperty("processedAt").GetDateTimeOffset());
        var current = await project.DrainAsync(TimeSpan.FromSeconds(2));
        Assert.Equal([(finished, "COMPLETED"), (waiting, "PENDING")],
            current.Select(change => (change.UploadId, change.Status)).OrderBy(change => change.Status, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Outsiders_get_the_usual_404_before_any_stream_starts()
    {
        var uploadId = await UploadAsync(_aliceOnA, _project, "private.png", "image/png", GeneratedImages.TransparentPng(40, 40));
        using var bob = hosts.CreateClientOn(1, "bob", "acme");
        using var otherTenant = hosts.CreateClientOn(1, "alice", "globex");
        using var admin = hosts.CreateAdminClient("acme");

        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"api/uploads/{uploadId}/events"), HttpStatusCode.NotFound, "upload_not_found");
        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"api/projects/{_project}/events"), HttpStatusCode.NotFound, "project_not_found");
        await ProblemAssert.IsProblemAsync(await otherTenant.GetAsync($"api/uploads/{uploadId}/events"), HttpStatusCode.NotFound, "upload_not_found");
        await ProblemAssert.IsProblemAsync(await otherTenant.GetAsync($"api/projects/{_project}/events"), HttpStatusCode.NotFound, "project_not_found");
        await ProblemAssert.IsProblemAsync(await _aliceOnB.GetAsync($"api/uploads/{Guid.NewGuid()}/events"), HttpStatusCode.NotFound, "upload_not_found");
        await using var adminStream = await EventStreamReader.OpenAsync(admin, $"api/projects/{_project}/events");
        Assert.Equal(uploadId, (await adminStream.NextAsync(Wait)).UploadId);
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        await using var project = await EventStreamReader.OpenAsync(_aliceOnB, $"api/projects/{_project}/events");

        await Eventually.MatchesAsync(() => Task.FromResult(project.Comments), comments => comments >= 2, TimeSpan.FromSeconds(10),
            "two keep-alive comments (one a second in this fixture)");
    }

    public Task DisposeAsync()
    {
        _aliceOnA.Dispose();
        _aliceOnB.Dispose();
        return Task.CompletedTask;
    }

    internal static bool IsTerminal(StatusEvent change) => UploadStatusExtensions.ParseWireName(change.Status).IsTerminal();

    internal static void AssertVersionsRise(IReadOnlyList<StatusEvent> changes) =>
        Assert.True(changes.Zip(changes.Skip(1)).All(pair => pair.Second.Version > pair.First.Version),
            $"versions must rise: {string.Join("; ", changes)}");

    internal static void AssertPromptly(IEnumerable<StatusEvent> changes) =>
        Assert.All(changes, change => Assert.True(change.Latency < MaxLatency, $"{change} is later than {MaxLatency.TotalMilliseconds} ms"));

    private void Report(string stream, IEnumerable<StatusEvent> changes) =>
        output.WriteLine($"{stream}: {string.Join(", ", changes.Select(change => $"{change.Status} v{change.Version} +{change.Latency.TotalMilliseconds:F0} ms"))}");
}
