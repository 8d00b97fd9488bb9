using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Xunit.Abstractions;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;
using static BuildPeer.IntegrationTests.Push.PushAcrossGatewaysTests;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>Streams survive the cluster changing under them: a gateway restarted, a silo stopped.</summary>
[Collection(PushHostsCollection.Name)]
public sealed class PushTopologyTests(PushHostsFixture hosts, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private string _project = string.Empty;

    public async Task InitializeAsync() => _project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");

    [Fact]
    public async Task A_gateway_restart_ends_only_its_own_streams_and_a_client_back_on_it_resumes_from_the_current_state()
    {
        using var aliceOnB = hosts.CreateClientOn(1, "alice", "acme");
        using (var aliceOnA = hosts.CreateClientOn(0, "alice", "acme"))
        {
            await using var onA = await EventStreamReader.OpenAsync(aliceOnA, $"api/projects/{_project}/events");
            await using var onB = await EventStreamReader.OpenAsync(aliceOnB, $"api/projects/{_project}/events");

            await hosts.RestartGatewayAsync(0);

            await EndedAsync(onA);
            Assert.False(onB.Ended.IsCompleted, "the other gateway's stream is untouched");
            using var aliceOnNewA = hosts.CreateClientOn(0, "alice", "acme");
            var uploadId = await UploadAsync(aliceOnNewA, _project, "after-restart.png", "image/png", GeneratedImages.TransparentPng(120, 90));
            await using var again = await EventStreamReader.OpenAsync(aliceOnNewA, $"api/uploads/{uploadId}/events");
            Assert.Equal("PENDING", (await again.NextAsync(Wait)).Status);

            await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "after-restart.png");

            var resumed = await again.UntilAsync(uploadId, IsTerminal, Wait);
            var continued = await onB.UntilAsync(uploadId, IsTerminal, Wait);
            Assert.Equal(["UPLOADED", "PROCESSING", "COMPLETED"], resumed.Select(change => change.Status));
            Assert.Equal(["PENDING", "UPLOADED", "PROCESSING", "COMPLETED"], continued.Select(change => change.Status));
            AssertPromptly([.. resumed, .. continued]);
        }
    }

    [Fact]
    public async Task Streams_keep_going_when_the_silo_that_hosts_their_projects_feed_stops()
    {
        using var aliceOnA = hosts.CreateClientOn(0, "alice", "acme");
        using var aliceOnB = hosts.CreateClientOn(1, "alice", "acme");
        await using var onA = await EventStreamReader.OpenAsync(aliceOnA, $"api/projects/{_project}/events");
        await using var onB = await EventStreamReader.OpenAsync(aliceOnB, $"api/projects/{_project}/events");
        var feedSilo = await PushCluster.SiloOfFeedAsync(hosts, _project);
        Assert.True(feedSilo >= 0, "the project's feed is active while streams follow it");

        try
        {
            await hosts.StopSiloAsync(hosts.AllSiloServices[feedSilo]);
            var stoppedAt = DateTimeOffset.UtcNow;

            var uploadId = await UploadAsync(aliceOnA, _project, "after-silo-stop.png", "image/png", GeneratedImages.TransparentPng(150, 100));
            await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "after-silo-stop.png");

            foreach (var (gateway, stream) in new[] { ("A", onA), ("B", onB) })
            {
                var seen = await stream.UntilAsync(uploadId, IsTerminal, Wait);
                Assert.Equal("COMPLETED", seen[^1].Status);
                AssertVersionsRise(seen);
                AssertPromptly([seen[^1]]);
                output.WriteLine($"gateway {gateway}, feed moved off silo {feedSilo}: " +
                    string.Join(", ", seen.Select(change => $"{change.Status} v{change.Version} at +{(change.ReceivedAt - stoppedAt).TotalMilliseconds:F0} ms after the stop, {change.Latency.TotalMilliseconds:F0} ms after its write")));
            }

            Assert.Equal(0, await PushCluster.SiloOfFeedAsync(hosts, _project));
        }
        finally
        {
            await hosts.AddSiloAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task EndedAsync(EventStreamReader stream)
    {
        try
        {
            await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // The connection closing under the reader is an end as well.
        }
    }
}
