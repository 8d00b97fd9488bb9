using Npgsql;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>Membership through OrleansMembershipTable: each test starts its own cluster, since one kills a silo.</summary>
[Collection(OrleansSchemaCollectionDefinition.Name)]
public sealed class AdoNetClusteringTests
{
    // Orleans' SiloStatus values as stored in the Status column.
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Two_silos_join_through_the_membership_table_and_the_client_reaches_grains_on_both()
    {
        await using var cluster = await PostgresTestCluster.StartAsync(silos: 2);
        var silos = cluster.Silos.Select(silo => silo.SiloAddress).ToList();

        var rows = await MembershipRowsAsync(cluster.Options.ClusterId);

        Assert.Equal(
            silos.Select(silo => new MembershipRow(silo.Endpoint.Address.ToString(), silo.Endpoint.Port, silo.Generation, Active)).OrderBy(row => row.Port),
            rows.OrderBy(row => row.Port));
        foreach (var silo in silos)
        {
            var grain = cluster.Client.GetGrain<ISiloLocatorGrain>(Guid.NewGuid());
            Assert.Equal(silo, await ActivateOnAsync(silo, grain));
        }
    }

    [Fact]
    public async Task When_a_silo_crashes_the_survivor_votes_it_dead_and_takes_over_its_grains()
    {
        string? clusterId = null;
        try
        {
            await using var cluster = await PostgresTestCluster.StartAsync(silos: 2, severableMembership: true);
            clusterId = cluster.Options.ClusterId;
            var survivor = cluster.Silos[0].SiloAddress;
            var victim = cluster.Silos[1];
            var grain = cluster.Client.GetGrain<ISiloLocatorGrain>(Guid.NewGuid());
            Assert.Equal(victim.SiloAddress, await ActivateOnAsync(victim.SiloAddress, grain));

            await SeverableMembershipAccess.CrashAsync(cluster, victim);

            Assert.True(
                await WaitForStatusAsync(clusterId, victim.SiloAddress, Dead, TimeSpan.FromSeconds(30)),
                "the crashed silo was not declared dead in the membership table within 30 s");
            // Orleans lists the survivor twice: once for its vote, once as the silo that declared the death.
            Assert.Equal([survivor.ToParsableString()], (await SuspectingSilosAsync(clusterId, victim.SiloAddress)).Distinct());
            Assert.Equal(Active, await StatusOfAsync(clusterId, survivor));
            Assert.Equal(survivor, await grain.GetHostingSilo());
            Assert.Equal(survivor, await cluster.Client.GetGrain<ISiloLocatorGrain>(Guid.NewGuid()).GetHostingSilo());
        }
        finally
        {
            if (clusterId is not null)
            {
                await SeverableMembershipAccess.ReleaseAsync(clusterId);
            }
        }
    }

    private static async Task<SiloAddress> ActivateOnAsync(SiloAddress silo, ISiloLocatorGrain grain)
    {
        // A placement hint places a grain's first activation on the named silo.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await grain.GetHostingSilo();
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    private static async Task<bool> WaitForStatusAsync(string clusterId, SiloAddress silo, int status, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (await StatusOfAsync(clusterId, silo) != status)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    private static async Task<int?> StatusOfAsync(string clusterId, SiloAddress silo)
    {
        var statuses = await ColumnOfSiloRowAsync(clusterId, silo, "Status", row => row.GetInt32(0));
        return statuses.Count == 0 ? null : statuses.Single();
    }

    // SuspectTimes is Orleans' "address,time|address,time" list of the silos that voted against this one.
    private static async Task<List<string>> SuspectingSilosAsync(string clusterId, SiloAddress silo)
    {
        var suspectTimes = await ColumnOfSiloRowAsync(clusterId, silo, "SuspectTimes", row => row.IsDBNull(0) ? "" : row.GetString(0));
        return suspectTimes.Single().Split('|', StringSplitOptions.RemoveEmptyEntries).Select(vote => vote.Split(',')[0]).ToList();
    }

    private static Task<List<T>> ColumnOfSiloRowAsync<T>(string clusterId, SiloAddress silo, string column, Func<NpgsqlDataReader, T> read) =>
        TestDatabase.QueryAsync(
            $"SELECT {column} FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Address = @address AND Port = @port AND Generation = @generation",
            read,
            ("cluster", clusterId),
            ("address", silo.Endpoint.Address.ToString()),
            ("port", silo.Endpoint.Port),
            ("generation", silo.Generation));

    private static Task<List<MembershipRow>> MembershipRowsAsync(string clusterId) =>
        TestDatabase.QueryAsync(
            "SELECT Address, Port, Generation, Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster",
            row => new MembershipRow(row.GetString(0), row.GetInt32(1), row.GetInt32(2), row.GetInt32(3)),
            ("cluster", clusterId));

    private sealed record MembershipRow(string Address, int Port, int Generation, int Status);
}
