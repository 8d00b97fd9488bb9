using BuildPeer.Grains.Abstractions.Faults;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// Reservations that share a ledger write share its failure: with PostgreSQL away every concurrent caller gets
/// dependency_unavailable, nothing stays reserved in memory or in the ledger, and the room is there afterwards.
/// </summary>
[Collection(FaultHostsCollection.Name)]
public sealed class QuotaLedgerOutageTests(FaultHostsFixture hosts)
{
    [Fact]
    public async Task A_failed_group_write_fails_every_caller_and_reserves_nothing()
    {
        var limits = ProjectLimits.Default with { MaxInFlight = 5 };
        var project = hosts.SiloServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IProjectGrain>(ProjectKey.Of("acme", $"p-{Guid.NewGuid():N}"[..24]));
        Assert.True((await project.CreateAsync("Outage", limits)).Succeeded);
        Assert.True((await project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)])).Granted);

        hosts.Postgres.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            var failures = await Task.WhenAll(Enumerable.Range(0, 4)
                .Select(_ => FailureOf(project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)]))));
            Assert.All(failures, failure => Assert.IsType<DependencyUnavailableException>(failure));
        }
        finally
        {
            hosts.Postgres.Switch(RelayMode.Pass);
            // The grain storage's idle connections were cut too and nothing here used them since: the next test's
            // first writes would fail on them.
            NpgsqlConnection.ClearAllPools();
        }

        Assert.Equal(1, (await project.GetQuotaAsync())!.InFlight);
        var after = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)])));
        Assert.All(after, result => Assert.True(result.Granted));
        Assert.Equal(new QuotaUsage(limits, 0, 0, 30, 3), await project.GetQuotaAsync());
    }

    private static async Task<Exception?> FailureOf(Task<ReservationResult> reserve)
    {
        try
        {
            await reserve;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
