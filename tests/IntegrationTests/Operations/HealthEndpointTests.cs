using System.Net;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>
/// Readiness names the dependency that is down and decides by it: a stopped scanner or cache degrades a host but
/// keeps it in rotation; a stopped database takes it out. Liveness never asks a dependency.
/// </summary>
public sealed class HealthEndpointTests(RelayedDependenciesHostsFixture hosts) : IClassFixture<RelayedDependenciesHostsFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Readiness_reports_every_dependency_of_the_silo_and_of_the_gateway()
    {
        var silo = await ReadyAsync(hosts.SiloAddress, HttpStatusCode.OK, "Healthy");
        var gateway = await ReadyAsync(hosts.GatewayAddress, HttpStatusCode.OK, "Healthy");

        Assert.Equal(["clamd", "membership", "postgres", "redis", "s3", "sqs"], Checks(silo).Order());
        Assert.Equal(["cluster", "postgres", "redis"], Checks(gateway).Order());
        Assert.Equal("Healthy", silo.GetProperty("checks").GetProperty("membership").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stopped_scanner_degrades_the_silo_but_keeps_it_ready()
    {
        hosts.Clamd.Switch(RelayMode.Down);
        try
        {
            var silo = await ReadyAsync(hosts.SiloAddress, HttpStatusCode.OK, "Degraded");

            var clamd = silo.GetProperty("checks").GetProperty("clamd");
            Assert.Equal("Degraded", clamd.GetProperty("status").GetString());
            Assert.Contains("clamd", clamd.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(["clamd"], Failing(silo));
            await AssertLiveAsync(hosts.SiloAddress);
        }
        finally
        {
            hosts.Clamd.Switch(RelayMode.Pass);
        }

        await ReadyAsync(hosts.SiloAddress, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task A_stopped_cache_degrades_both_hosts_but_keeps_them_ready()
    {
        hosts.Redis.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            var silo = await ReadyAsync(hosts.SiloAddress, HttpStatusCode.OK, "Degraded");
            var gateway = await ReadyAsync(hosts.GatewayAddress, HttpStatusCode.OK, "Degraded");

            Assert.Equal(["redis"], Failing(silo));
            Assert.Equal(["redis"], Failing(gateway));
            await AssertLiveAsync(hosts.GatewayAddress);
        }
        finally
        {
            hosts.Redis.Switch(RelayMode.Pass);
        }

        await ReadyAsync(hosts.GatewayAddress, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task A_stopped_database_takes_the_gateway_out_of_rotation_and_it_returns_when_the_database_does()
    {
        hosts.GatewayPostgres.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            var gateway = await ReadyAsync(hosts.GatewayAddress, HttpStatusCode.ServiceUnavailable, "Unhealthy");

            var postgres = gateway.GetProperty("checks").GetProperty("postgres");
            Assert.Equal("Unhealthy", postgres.GetProperty("status").GetString());
            Assert.Equal("PostgreSQL is unreachable.", postgres.GetProperty("description").GetString());
            Assert.Equal(["postgres"], Failing(gateway));
            await AssertLiveAsync(hosts.GatewayAddress);
        }
        finally
        {
            hosts.GatewayPostgres.Switch(RelayMode.Pass);
        }

        await ReadyAsync(hosts.GatewayAddress, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task The_dashboard_asks_for_the_operators_credentials()
    {
        using var client = new HttpClient { BaseAddress = hosts.SiloAddress };

        using var anonymous = await client.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = await client.SendAsync(WithBasic("dashboard/", RelayedDependenciesHostsFixture.DashboardUser, "guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var operatorView = await client.SendAsync(WithBasic("dashboard/",
            RelayedDependenciesHostsFixture.DashboardUser, RelayedDependenciesHostsFixture.DashboardPassword));
        Assert.Equal(HttpStatusCode.OK, operatorView.StatusCode);
        Assert.Contains("text/html", operatorView.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithBasic(string path, string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return request;
    }

    /// <summary>Polls readiness until it answers <paramref name="status"/> (checks see a switch on their next run).</summary>
    private static async Task<JsonElement> ReadyAsync(Uri host, HttpStatusCode code, string status)
    {
        using var client = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(10) };
        var (answered, body) = await Eventually.MatchesAsync(async () =>
            {
                using var response = await client.GetAsync("health/ready");
                return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            },
            seen => seen.StatusCode == code && seen.Item2.GetProperty("status").GetString() == status,
            Settle, $"{host}health/ready to be {(int)code} {status}");
        Assert.Equal(code, answered);
        return body;
    }

    private static async Task AssertLiveAsync(Uri host)
    {
        using var client = new HttpClient { BaseAddress = host };
        using var live = await client.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static IEnumerable<string> Checks(JsonElement report) =>
        report.GetProperty("checks").EnumerateObject().Select(check => check.Name);

    private static IEnumerable<string> Failing(JsonElement report) =>
        report.GetProperty("checks").EnumerateObject()
            .Where(check => check.Value.GetProperty("status").GetString() != "Healthy")
            .Select(check => check.Name);
}
