using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>
/// A reservation whose upload never came to exist (the initiator died between reserving and creating it) is
/// released by the project's own reconciliation. Here reconciliation runs every second.
/// </summary>
[Collection(ShortExpiryHostsCollection.Name)]
public class QuotaReconciliationTests(ShortExpiryHostsFixture hosts)
{
    [Fact]
    public async Task A_reservation_without_an_upload_behind_it_is_released()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        var project = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IProjectGrain>(ProjectKey.Of("acme", projectId));

        var reserved = await project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 4096)]);

        Assert.True(reserved.Granted);
        Assert.Equal(1, reserved.Usage.InFlight);
        await Eventually.MatchesAsync(async () => (await project.GetQuotaAsync())!.InFlight, inFlight => inFlight == 0,
            TimeSpan.FromSeconds(30), "reconciliation to release the orphaned reservation");
        Assert.Equal(0, (await project.GetQuotaAsync())!.ReservedBytes);
    }

    [Fact]
    public async Task Reserving_the_same_upload_twice_reserves_once()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice");
        var project = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IProjectGrain>(ProjectKey.Of("acme", projectId));
        var reservation = new Reservation(Guid.CreateVersion7(), 4096);

        await project.ReserveAsync([reservation]);
        var again = await project.ReserveAsync([reservation, reservation]);

        Assert.True(again.Granted);
        Assert.Equal(4096, again.Usage.ReservedBytes);
        Assert.Equal(1, again.Usage.InFlight);
    }
}
