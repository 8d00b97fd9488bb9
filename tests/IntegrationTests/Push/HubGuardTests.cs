using System.Diagnostics;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.AspNetCore.SignalR;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// Hub members lose what they may no longer follow within the re-check period, a token's expiry closes the
/// connection, and connections per user and joins per connection are capped (fixture: re-check every second).
/// </summary>
[Collection(StreamGuardHostsCollection.Name)]
public class HubGuardTests(StreamGuardHostsFixture hosts, ITestOutputHelper output)
{
    private static readonly TimeSpan Closing = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_member_removed_from_the_project_is_told_and_taken_out_within_the_check_period()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        await using var rita = await UploadsHubClient.ConnectAsync(hosts, 0, "rita", "acme");
        await rita.JoinProjectAsync(project);

        using var admin = hosts.CreateAdminClient("acme");
        var clock = Stopwatch.StartNew();
        (await admin.DeleteAsync($"api/projects/{project}/members/rita")).EnsureSuccessStatusCode();

        var lost = await rita.AccessLostAsync(Closing);
        output.WriteLine($"told {clock.Elapsed.TotalMilliseconds:F0} ms after the removal");
        Assert.Equal(project, lost.GetProperty("projectId").GetString());
        Assert.Equal("project_not_found", lost.GetProperty("code").GetString());
        // The connection stays for what the caller may still follow; the project itself is refused now.
        Assert.Equal("project_not_found", UploadsHubClient.CodeOf(await Assert.ThrowsAsync<HubException>(() => rita.JoinProjectAsync(project))));
    }

    [Fact]
    public async Task A_connection_closes_when_the_token_it_was_opened_with_expires()
    {
        await using var rita = UploadsHubClient.Create(hosts.GatewayAddress,
            hosts.Tokens.Issue("rita", ["acme"], "uploader", TimeSpan.FromSeconds(3)), "acme");
        await rita.Connection.StartAsync();

        await rita.Closed.WaitAsync(Closing);
    }

    [Fact]
    public async Task Past_the_per_user_cap_a_connection_is_closed_with_too_many_streams()
    {
        var open = new List<UploadsHubClient>();
        try
        {
            for (var i = 0; i < StreamGuardHostsFixture.MaxStreamsPerUser; i++)
            {
                open.Add(await UploadsHubClient.ConnectAsync(hosts, 0, "ulla", "acme"));
            }

            await using var refused = UploadsHubClient.Create(hosts.GatewayAddress, UploadsHubClient.Token(hosts, "ulla", "acme"), "acme");
            await refused.Connection.StartAsync();
            var error = await refused.Closed.WaitAsync(Closing);

            Assert.NotNull(error);
            Assert.Equal("too_many_streams", UploadsHubClient.CodeOf(error));
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Past_the_joins_cap_a_join_is_refused_with_too_many_joins_until_one_is_left()
    {
        var projects = new List<string>();
        for (var i = 0; i <= StreamGuardHostsFixture.MaxJoinsPerConnection; i++)
        {
            projects.Add(await TestProjects.CreateWithUploaderAsync(hosts, "acme", "vera"));
        }

        await using var vera = await UploadsHubClient.ConnectAsync(hosts, 0, "vera", "acme");
        foreach (var project in projects[..^1])
        {
            await vera.JoinProjectAsync(project);
        }

        Assert.Equal("too_many_joins", UploadsHubClient.CodeOf(await Assert.ThrowsAsync<HubException>(() => vera.JoinProjectAsync(projects[^1]))));
        // Joining again what is joined already costs nothing.
        await vera.JoinProjectAsync(projects[0]);
        await vera.LeaveProjectAsync(projects[0]);
        await vera.JoinProjectAsync(projects[^1]);
    }
}
