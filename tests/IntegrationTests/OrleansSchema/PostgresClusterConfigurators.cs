using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>A test silo that uses all three ADO.NET providers against the test database, as the real silo does.</summary>
public sealed class PostgresSiloConfigurator : ISiloConfigurator
{
    public const string StorageName = "postgres";
    public const string DeleteOnClearStorageName = "postgres-delete-on-clear";

    // The providers' "invariant" names the ADO.NET driver; without it persistence defaults to SQL Server.
    private const string Invariant = "Npgsql";

    public void Configure(ISiloBuilder siloBuilder)
    {
        ProcessWideMeterFactory.UseIn(siloBuilder.Services);
        var connectionString = TestDatabase.ConnectionString;
        var configuration = siloBuilder.Configuration;
        var severableMembership = configuration[SeverableMembershipAccess.EnabledKey] == "true";

        siloBuilder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                if (severableMembership)
                {
                    options.DataSource = SeverableMembershipAccess.For(configuration["Orleans:ClusterId"]!, configuration["Orleans:Name"]!);
                }
                else
                {
                    options.ConnectionString = connectionString;
                }
            })
            .AddAdoNetGrainStorage(StorageName, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(DeleteOnClearStorageName, options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
                options.DeleteStateOnClear = true;
            })
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
            })
            // Reminders are refused below one minute by default; the tests cannot wait that long.
            .Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1))
            .Configure<ClusterMembershipOptions>(options =>
            {
                // Declares a crashed silo dead within a second or two instead of the default tens of seconds.
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });

        if (severableMembership)
        {
            // After a crash the grain directory holds the dead silo's ranges for about 20 s (so that no grain gets
            // two activations); the crash test wants to see the survivor take over, not wait out the lease.
            siloBuilder.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = TimeSpan.Zero);
        }
    }
}

/// <summary>A test client that finds its gateways in the membership table, as the real gateway does.</summary>
public sealed class PostgresClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        ProcessWideMeterFactory.UseIn(clientBuilder.Services);
        clientBuilder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = TestDatabase.ConnectionString;
            })
            .Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }
}
