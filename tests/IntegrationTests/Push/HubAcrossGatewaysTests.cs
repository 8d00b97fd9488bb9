using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static BuildPeer.IntegrationTests.Push.PushAcrossGatewaysTests;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// The SignalR hub across two gateways and two silos, side by side with the event streams it shares its feeds with:
/// the same events, the same refusals, and a client that reconnects after its gateway restarted starts again from
/// the current state.
/// </summary>
[Collection(PushHostsCollection.Name)]
public sealed class HubAcrossGatewaysTests(PushHostsFixture hosts) : IAsyncLifetime
{
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
    public async Task A_hub_client_and_an_event_stream_on_the_other_gateway_receive_the_same_events_terminal_ones_included()
    {
        await using var hub = await UploadsHubClient.ConnectAsync(hosts, 0, "alice", "acme");
        await hub.JoinProjectAsync(_project);
        await using var stream = await EventStreamReader.OpenAsync(_aliceOnB, $"api/projects/{_project}/events");

        var uploadId = await UploadAsync(_aliceOnA, _project, "hub.png", "image/png", GeneratedImages.TransparentPng(160, 100));
        await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "hub.png");
        var overHub = await hub.Status.UntilAsync(uploadId, IsTerminal, Wait);
        var overStream = await stream.UntilAsync(uploadId, IsTerminal, Wait);

        Assert.Equal(("PENDING", "COMPLETED"), (overHub[0].Status, overHub[^1].Status));
        Assert.Equal(("PENDING", "COMPLETED"), (overStream[0].Status, overStream[^1].Status));
        AssertVersionsRise(overHub);
        Assert.NotNull(overHub[^1].ThumbnailUrl);
        // The same body for every version both received (an intermediate one may be skipped by either): the same fields
        // and values, compared re-serialized since each transport escapes characters such as '&' its own way.
        var sent = overStream.ToDictionary(change => change.Version, change => Canonical(change));
        var common = overHub.Where(change => sent.ContainsKey(change.Version)).ToList();
        Assert.Contains(common, change => change.Status == "PENDING");
        Assert.All(common, change => Assert.Equal(sent[change.Version], Canonical(change)));
        // Each terminal change also came as upload:completed, with the same body as its upload:status.
        var terminal = await Eventually.MatchesAsync(() => Task.FromResult(hub.Terminal.Where(named => named.Body.UploadId == uploadId).ToList()),
            named => named.Count > 0, Wait, "an upload:completed");
        Assert.Equal(("upload:completed", Canonical(overHub[^1])), (terminal[0].Name, Canonical(terminal[0].Body)));
    }

    [Fact]
    public async Task Joining_one_upload_sends_its_current_state_first_then_its_changes()
    {
        var uploadId = await UploadAsync(_aliceOnA, _project, "one.png", "image/png", GeneratedImages.TransparentPng(90, 60));
        await using var hub = await UploadsHubClient.ConnectAsync(hosts, 1, "alice", "acme");

        await hub.JoinUploadAsync(uploadId.ToString());
        var current = await hub.Status.NextAsync(Wait);
        await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "one.png");
        var changes = await hub.Status.UntilAsync(uploadId, IsTerminal, Wait);

        Assert.Equal((uploadId, "PENDING"), (current.UploadId, current.Status));
        AssertVersionsRise([current, .. changes]);
        Assert.Equal("COMPLETED", changes[^1].Status);
    }

    [Fact]
    public async Task Joins_are_refused_with_the_codes_of_the_event_streams()
    {
        var uploadId = await UploadAsync(_aliceOnA, _project, "secret.png", "image/png", GeneratedImages.TransparentPng(40, 40));
        await using var alice = await UploadsHubClient.ConnectAsync(hosts, 1, "alice", "acme");
        await using var bob = await UploadsHubClient.ConnectAsync(hosts, 1, "bob", "acme");
        await using var otherTenant = await UploadsHubClient.ConnectAsync(hosts, 0, "alice", "globex");

        Assert.Equal("project_not_found", await RefusalAsync(() => bob.JoinProjectAsync(_project)));
        Assert.Equal("upload_not_found", await RefusalAsync(() => bob.JoinUploadAsync(uploadId.ToString())));
        Assert.Equal("project_not_found", await RefusalAsync(() => otherTenant.JoinProjectAsync(_project)));
        Assert.Equal("upload_not_found", await RefusalAsync(() => otherTenant.JoinUploadAsync(uploadId.ToString())));
        Assert.Equal("project_not_found", await RefusalAsync(() => alice.JoinProjectAsync("no-such-project")));
        Assert.Equal("upload_not_found", await RefusalAsync(() => alice.JoinUploadAsync(Guid.NewGuid().ToString())));
        Assert.Equal("project_id_invalid", await RefusalAsync(() => alice.JoinProjectAsync("Not/A Project")));
        Assert.Equal("upload_id_invalid", await RefusalAsync(() => alice.JoinUploadAsync("not-a-guid")));
        // A refusal leaves the connection usable.
        await alice.JoinProjectAsync(_project);
        Assert.Equal(uploadId, (await alice.Status.NextAsync(Wait)).UploadId);
    }

    [Fact]
    public async Task A_connection_without_a_token_or_in_a_tenant_its_token_lacks_is_refused()
    {
        var noToken = new HubConnectionBuilder().WithUrl(new Uri(hosts.GatewayAddresses[0], "hubs/uploads?tenant=acme")).Build();
        await using (noToken)
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => noToken.StartAsync());
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var wrongTenant = UploadsHubClient.Create(hosts.GatewayAddresses[0], UploadsHubClient.Token(hosts, "alice", "acme"), "globex");
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => wrongTenant.Connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_string_authenticates_nothing_but_the_hub()
    {
        using var anonymous = hosts.CreateAnonymousClient();
        anonymous.DefaultRequestHeaders.Add(Gateway.Auth.TenantMembershipRequirement.HeaderName, "acme");

        var answer = await anonymous.GetAsync($"api/projects/{_project}/events?access_token={UploadsHubClient.Token(hosts, "alice", "acme")}");

        await ProblemAssert.IsProblemAsync(answer, System.Net.HttpStatusCode.Unauthorized, "missing_token");
    }

    [Fact]
    public async Task After_its_gateway_restarts_a_client_reconnects_rejoins_and_gets_the_current_state()
    {
        // A fixed address in front of gateway B, as a load balancer is: the restarted gateway listens on a new port.
        await using var balancer = new TcpRelay(RelayMode.Pass, () => ("127.0.0.1", hosts.GatewayAddresses[1].Port));
        var uploadId = await UploadAsync(_aliceOnA, _project, "restart.png", "image/png", GeneratedImages.TransparentPng(70, 50));
        await using var hub = UploadsHubClient.Create(new Uri($"http://127.0.0.1:{balancer.Port}/"),
            UploadsHubClient.Token(hosts, "alice", "acme"), "acme",
            builder => builder.WithAutomaticReconnect(new EveryHalfSecond()));
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Connection.Reconnected += async _ =>
        {
            // Memberships belong to a connection: a new one joins again.
            await hub.JoinUploadAsync(uploadId.ToString());
            reconnected.TrySetResult();
        };
        await hub.Connection.StartAsync();
        await hub.JoinUploadAsync(uploadId.ToString());
        Assert.Equal("PENDING", (await hub.Status.NextAsync(Wait)).Status);

        // The balancer refuses connections until the upload has finished, so the client is away meanwhile.
        balancer.Switch(RelayMode.Down, cutOpenConnections: true);
        await hosts.RestartGatewayAsync(1);
        await PushCluster.DeliverObjectCreatedAsync(hosts, _project, uploadId, "restart.png");
        await AwaitFinishedAsync(_aliceOnA, uploadId);
        Assert.NotEqual(HubConnectionState.Connected, hub.Connection.State);
        balancer.Switch(RelayMode.Pass);
        await reconnected.Task.WaitAsync(Wait);

        var current = await hub.Status.NextAsync(Wait);
        Assert.Equal((uploadId, "COMPLETED"), (current.UploadId, current.Status));
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    public Task DisposeAsync()
    {
        _aliceOnA.Dispose();
        _aliceOnB.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Keeps trying every half second, for as long as a test waits.</summary>
    private sealed class EveryHalfSecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.ElapsedTime < Wait ? TimeSpan.FromMilliseconds(500) : null;
    }

    private static string Canonical(StatusEvent change) => System.Text.Json.JsonSerializer.Serialize(change.Data);

    private static async Task<string> RefusalAsync(Func<Task> join) =>
        UploadsHubClient.CodeOf(await Assert.ThrowsAsync<HubException>(join));
}
