using System.Globalization;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>
/// A silo and a gateway whose clamd, Redis and (the gateway's) PostgreSQL are reached through relays the tests
/// switch off, so readiness can be seen reporting a stopped dependency without stopping the shared stack. The
/// silo does not consume the shared event queue; its dashboard asks for the operator's credentials; its logs are
/// captured with their scopes.
/// </summary>
public sealed class RelayedDependenciesHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    public const string DashboardUser = "ops";
    public const string DashboardPassword = "correct-horse-battery-staple";

    public ScannerRelay Clamd { get; } = new(RelayMode.Pass);

    public TcpRelay Redis { get; } = new(RelayMode.Pass, () => Endpoint(LocalStack.Get("ConnectionStrings__Redis")));

    public TcpRelay GatewayPostgres { get; } = new(RelayMode.Pass, () =>
    {
        var database = new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString);
        return (database.Host!, database.Port);
    });

    public CapturedLogs Logs { get; } = new();

    protected override string ServiceId => "buildpeer-tests-health";

    protected override void ConfigureSilo(WebApplicationBuilder builder) => builder.Logging.AddProvider(Logs);

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Clamd:Port"] = Clamd.Port.ToString(CultureInfo.InvariantCulture),
        ["Clamd:ConnectTimeout"] = "00:00:01",
        ["ConnectionStrings:Redis"] = RelayedRedis(),
        ["Dashboard:Username"] = DashboardUser,
        ["Dashboard:Password"] = DashboardPassword,
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = RelayedRedis(),
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString)
        {
            Host = "127.0.0.1",
            Port = GatewayPostgres.Port,
        }.ConnectionString,
    };

    public new async Task DisposeAsync()
    {
        Clamd.Switch(RelayMode.Pass);
        Redis.Switch(RelayMode.Pass);
        GatewayPostgres.Switch(RelayMode.Pass);
        await base.DisposeAsync();
        await Clamd.DisposeAsync();
        await Redis.DisposeAsync();
        await GatewayPostgres.DisposeAsync();
    }

    private string RelayedRedis() => $"127.0.0.1:{Redis.Port.ToString(CultureInfo.InvariantCulture)}";

    private static (string Host, int Port) Endpoint(string hostAndPort)
    {
        var separator = hostAndPort.LastIndexOf(':');
        return (hostAndPort[..separator], int.Parse(hostAndPort[(separator + 1)..].Split(',')[0], CultureInfo.InvariantCulture));
    }
}
