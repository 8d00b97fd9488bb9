using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.OrleansSchema;

public static class PostgresTestCluster
{
    /// <summary>Starts silos that meet only through the PostgreSQL membership table, plus a client that does the same.</summary>
    /// <param name="silos">How many silos to start.</param>
    /// <param name="severableMembership">Whether a test may cut a silo off with <see cref="SeverableMembershipAccess"/>.</param>
    public static async Task<TestCluster> StartAsync(short silos = 2, bool severableMembership = false)
    {
        await TestDatabase.EnsureMigratedAsync();

        var builder = new TestClusterBuilder(silos);
        // Fresh ids keep every run's membership, state and reminders apart: a leftover Active row of an earlier
        // run would make silos probe a dead address before they may join.
        builder.Options.ClusterId = $"schema-test-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"schema-test-{Guid.NewGuid():N}";
        // Off: that is TestingHost's in-memory membership, and the point here is the ADO.NET one.
        builder.Options.UseTestClusterMembership = false;
        // Real sockets, so silos and the client really connect to the addresses stored in the table.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[SeverableMembershipAccess.EnabledKey] = severableMembership ? "true" : "false";
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClientConfigurator>();

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }
}

/// <summary>One two-silo cluster shared by the tests of a class.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public string ServiceId => Cluster.Options.ServiceId;

    public async Task InitializeAsync() => _cluster = await PostgresTestCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
