using System.Net;
using System.Net.Http.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.RateLimiting;

/// <summary>
/// Initiate, complete and re-sign draw from the caller's bucket and the tenant's; an empty bucket is a 429 problem
/// with Retry-After, and reads are never limited.
/// </summary>
[Collection(RateLimitedHostsCollection.Name)]
public sealed class RateLimitTests(RateLimitedHostsFixture hosts)
{
    [Fact]
    public async Task A_user_over_its_bucket_gets_429_and_colleagues_share_the_tenants_bucket()
    {
        var tenant = $"rl-{Guid.NewGuid():N}"[..16];
        var project = await TestProjects.CreateAsync(hosts, tenant,
            new Dictionary<string, string> { ["alice"] = "UPLOADER", ["bob"] = "UPLOADER" });
        using var alice = hosts.CreateClient("alice", tenant);
        using var bob = hosts.CreateClient("bob", tenant);

        var accepted = await ApiCalls.InitiateAcceptedAsync(alice, project, ApiCalls.File("a.jpg", "image/jpeg", 10));
        var uploadId = accepted[0].GetProperty("uploadId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.InitiateAsync(alice, project, ApiCalls.File("b.jpg", "image/jpeg", 10))).StatusCode);
        // Re-signing parts counts too, whatever its answer (a single PUT has no parts to re-sign).
        Assert.NotEqual(HttpStatusCode.TooManyRequests,
            (await alice.PostAsJsonAsync($"api/uploads/{uploadId}/parts", new { partNumbers = new[] { 1 } })).StatusCode);

        var refused = await ApiCalls.InitiateAsync(alice, project, ApiCalls.File("c.jpg", "image/jpeg", 10));
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        await ProblemAssert.IsProblemAsync(
            await alice.PostAsJsonAsync($"api/uploads/{uploadId}/complete", new { parts = Array.Empty<object>() }),
            HttpStatusCode.TooManyRequests, "rate_limited");

        // Reads are not limited.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"api/uploads/{uploadId}/status")).StatusCode);

        // Bob has a full bucket of his own, but the tenant's holds only what Alice left of it.
        var tenantLeft = RateLimitedHostsFixture.TenantBurst - RateLimitedHostsFixture.UserBurst;
        for (var i = 0; i < tenantLeft; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ApiCalls.InitiateAsync(bob, project, ApiCalls.File($"bob{i}.jpg", "image/jpeg", 10))).StatusCode);
        }

        await ProblemAssert.IsProblemAsync(await ApiCalls.InitiateAsync(bob, project, ApiCalls.File("late.jpg", "image/jpeg", 10)),
            HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Another_tenant_is_not_held_back_by_a_busy_one()
    {
        var busy = $"rl-{Guid.NewGuid():N}"[..16];
        var quiet = $"rl-{Guid.NewGuid():N}"[..16];
        var busyProject = await TestProjects.CreateWithUploaderAsync(hosts, busy, "carol");
        var quietProject = await TestProjects.CreateWithUploaderAsync(hosts, quiet, "carol");
        using var carolBusy = hosts.CreateClient("carol", busy);
        using var carolQuiet = hosts.CreateClient("carol", quiet);

        HttpResponseMessage last;
        var sent = 0;
        do
        {
            last = await ApiCalls.InitiateAsync(carolBusy, busyProject, ApiCalls.File($"{sent++}.jpg", "image/jpeg", 10));
        }
        while (last.StatusCode == HttpStatusCode.OK && sent < 10);

        Assert.Equal(RateLimitedHostsFixture.UserBurst + 1, sent);
        await ProblemAssert.IsProblemAsync(last, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.InitiateAsync(carolQuiet, quietProject, ApiCalls.File("q.jpg", "image/jpeg", 10))).StatusCode);
    }
}
