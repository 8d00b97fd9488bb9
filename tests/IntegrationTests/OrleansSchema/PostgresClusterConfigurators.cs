using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

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
        var connectionString = TestDatabase.ConnectionString;
        var configuration = siloBuilder.Configuration;

        siloBuilder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = Invariant;
                if (configuration[SeverableMembershipAccess.EnabledKey] == "true")
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
            // Declares a killed silo dead within a few seconds instead of the default tens of seconds.
            .Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
    }
}

/// <summary>A test client that finds its gateways in the membership table, as the real gateway does.</summary>
public sealed class PostgresClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = TestDatabase.ConnectionString;
            })
            .Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }
}
