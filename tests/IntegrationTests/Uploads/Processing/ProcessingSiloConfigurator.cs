using BuildPeer.IntegrationTests.OrleansSchema;
using BuildPeer.Silo.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// A TestingHost silo that is a BuildPeer silo but for its host: PostgreSQL membership (so a killed silo is found
/// dead the way production finds it, here within seconds), and the real grains, storage, reminders and processing.
/// </summary>
public sealed class ProcessingSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        ProcessWideMeterFactory.UseIn(siloBuilder.Services);
        siloBuilder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = TestDatabase.ConnectionString;
            })
            .AddBuildPeerGrains()
            // Set here, not as "Orleans:Reminders:..." properties: TestingHost's configuration would read that
            // section as a reminder provider's.
            .Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1))
            .Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            })
            // The survivor takes the dead silo's grains at once instead of waiting out the directory lease.
            .Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);
    }
}
