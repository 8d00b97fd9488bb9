using System.Net;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// A status cached before a Redis outage, whose upload changed during it (the invalidation was lost), is never
/// served after Redis returns; and the cache is used again once it is back.
/// </summary>
[Collection(FaultHostsCollection.Name)]
public sealed class StatusCacheOutageTests(FaultHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task A_status_that_changed_while_Redis_was_down_is_not_served_stale_after_it_returns()
    {
        var uploadId = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("cached.png", "image/png", 1000)))[0]
            .GetProperty("uploadId").GetGuid();
        await Eventually.MatchesAsync(() => CacheOfAsync(uploadId), cache => cache == "hit", TimeSpan.FromSeconds(10),
            "the PENDING status to be cached");

        hosts.Redis.Switch(RelayMode.Down, cutOpenConnections: true);
        using var abort = await Alice.PostAsync($"api/uploads/{uploadId}/abort", null);
        Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
        Assert.Equal("ABORTED", await ApiCalls.StatusOfAsync(Alice, uploadId));
        await Task.Delay(TimeSpan.FromSeconds(1));
        hosts.Redis.Switch(RelayMode.Pass);

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal("ABORTED", await ApiCalls.StatusOfAsync(Alice, uploadId));
            await Task.Delay(100);
        }

        await Eventually.MatchesAsync(() => CacheOfAsync(uploadId), cache => cache == "hit", TimeSpan.FromSeconds(10),
            "the status cache to be used again");
        Assert.Equal("ABORTED", await ApiCalls.StatusOfAsync(Alice, uploadId));
    }

    private async Task<string?> CacheOfAsync(Guid uploadId)
    {
        using var response = await Alice.GetAsync($"api/uploads/{uploadId}/status");
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }
}
