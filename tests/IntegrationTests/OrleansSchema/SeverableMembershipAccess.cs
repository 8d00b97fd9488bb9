using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>
/// Gives each silo of a cluster its own data source for the membership table, so that a test can cut one silo
/// off from the database before killing it.
/// </summary>
/// <remarks>
/// TestingHost's silos live in the test process, and even a "killed" one still writes its own row as Dead on
/// the way down. Cut off first, it cannot, and then only the survivor's votes can declare it dead: the crash
/// the membership protocol is there for.
/// </remarks>
public static class SeverableMembershipAccess
{
    /// <summary>Set to "true" in a cluster's properties to give its silos severable membership access.</summary>
    public const string EnabledKey = "OrleansSchemaTests:SeverableMembership";

    private static readonly ConcurrentDictionary<(string ClusterId, string SiloName), NpgsqlDataSource> DataSources = new();

    public static NpgsqlDataSource For(string clusterId, string siloName) =>
        DataSources.GetOrAdd((clusterId, siloName), _ => NpgsqlDataSource.Create(TestDatabase.ConnectionString));

    /// <summary>Crashes a silo: cuts it off from the membership table, then kills it.</summary>
    public static async Task CrashAsync(TestCluster cluster, SiloHandle silo)
    {
        // A silo that cannot reach the table still retries recording its own death while it stops, for up to this
        // long per status (a minute by default, capped). Only this silo's copy is shortened, and only now that it
        // has joined: the same option bounds joining, and too short a value there fails or evicts joining silos.
        var membershipOptions = ((InProcessSiloHandle)silo).ServiceProvider.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        membershipOptions.MaxJoinAttemptTime = TimeSpan.FromSeconds(1);

        await CutOffAsync(cluster.Options.ClusterId, silo.Name);
        await cluster.KillSiloAsync(silo);
    }

    private static async Task CutOffAsync(string clusterId, string siloName)
    {
        if (DataSources.TryRemove((clusterId, siloName), out var dataSource))
        {
            await dataSource.DisposeAsync();
        }
    }

    public static async Task ReleaseAsync(string clusterId)
    {
        foreach (var key in DataSources.Keys.Where(key => key.ClusterId == clusterId).ToList())
        {
            await CutOffAsync(key.ClusterId, key.SiloName);
        }
    }
}
