using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Hosting;
using BuildPeer.Grains.Abstractions.Operations;
using BuildPeer.Migrations;
using BuildPeer.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// A real silo and a real gateway, in this process, on free ports, joined through the PostgreSQL membership table of
/// the local stack under a cluster id of their own, so runs never see each other's silos.
/// </summary>
public class ServiceHostsFixture : IAsyncLifetime, IGatewayHosts
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const string Issuer = "buildpeer";
    public const string Audience = "buildpeer-uploads";

    private WebApplication? _silo;
    private readonly List<WebApplication> _gateways = [];
    private Dictionary<string, string?> _gatewaySettings = [];
    private readonly List<WebApplication> _extraSilos = [];
    private Dictionary<string, string?> _sharedSettings = [];
    private Dictionary<string, string?> _siloSettings = [];

    public string ClusterId { get; } = $"tests-{Guid.NewGuid():N}";

    /// <summary>The first gateway, the one <see cref="CreateClient"/> talks to.</summary>
    public Uri GatewayAddress => GatewayAddresses[0];

    /// <summary>Every gateway's address, in start order (<see cref="GatewayCount"/> of them).</summary>
    public IReadOnlyList<Uri> GatewayAddresses => [.. _gateways.Select(AddressOf)];

    public DevTokenIssuer Tokens { get; } = new(
        new AuthOptions { Issuer = Issuer, Audience = Audience, SigningKey = SigningKey }, TimeProvider.System);

    public IServiceProvider SiloServices => _silo!.Services;

    public async Task InitializeAsync()
    {
        LocalStack.ExportToEnvironment();
        await SchemaMigrator.ApplyAsync(LocalStack.PostgresConnectionString);

        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = LocalStack.PostgresConnectionString,
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:ServiceId"] = ServiceId,
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        _sharedSettings = shared;
        _siloSettings = new()
        {
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["S3:BucketName"] = LocalStack.BucketName,
            ["S3:ForcePathStyle"] = "true",
            ["Sqs:UploadEventsQueueName"] = LocalStack.UploadEventsQueueName,
            ["Sqs:WaitTimeSeconds"] = "2",
            ["Sqs:ErrorBackoff"] = "00:00:00.500",
            // Short, so a message that fails reaches the dead-letter queue (3 receives) within seconds.
            ["Sqs:VisibilityTimeout"] = "00:00:03",
            ["Reminders:MinimumReminderPeriod"] = "00:00:01",
            ["Processing:ReminderPeriod"] = "00:00:02",
            ["Processing:RetryBaseDelay"] = "00:00:00.500",
            ["Processing:RetryMaxDelay"] = "00:00:02",
        };
        foreach (var (key, value) in SiloOverrides())
        {
            _siloSettings[key] = value;
        }

        await StartSiloAsync();
        for (var extra = 1; extra < SiloCount; extra++)
        {
            await AddSiloAsync();
        }

        _gatewaySettings = new()
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
        };
        foreach (var (key, value) in GatewayOverrides())
        {
            _gatewaySettings[key] = value;
        }

        for (var gateway = 0; gateway < GatewayCount; gateway++)
        {
            _gateways.Add(await StartGatewayAsync());
        }
    }

    /// <summary>Gateway processes in front of the cluster; clients may reach any of them.</summary>
    protected virtual int GatewayCount => 1;

    /// <summary>The grain storage namespace: fixtures with different settings keep their grains apart.</summary>
    protected virtual string ServiceId => "buildpeer-tests";

    /// <summary>Silos in the cluster; the first is <see cref="SiloServices"/>.</summary>
    protected virtual int SiloCount => 1;

    /// <summary>Every running silo's services, the first one first.</summary>
    public IReadOnlyList<IServiceProvider> AllSiloServices =>
        [.. (_silo is null ? [] : new[] { _silo.Services }), .. _extraSilos.Select(silo => silo.Services)];

    /// <summary>Stops one silo for good (a scale-in, a lost node); the others carry on.</summary>
    public async Task StopSiloAsync(IServiceProvider siloServices)
    {
        var silo = _silo?.Services == siloServices ? _silo : _extraSilos.Single(extra => extra.Services == siloServices);
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await silo.StopAsync(quick.Token);
        await silo.DisposeAsync();
        if (silo == _silo)
        {
            _silo = _extraSilos[0];
            _extraSilos.RemoveAt(0);
        }
        else
        {
            _extraSilos.Remove(silo);
        }
    }

    /// <summary>Starts one more silo in the cluster, on ports of its own (a scale-out, a replaced node).</summary>
    public async Task AddSiloAsync()
    {
        var settings = new Dictionary<string, string?>(_siloSettings)
        {
            ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var silo = SiloApplication.Build([], builder =>
        {
            Configure(builder, _sharedSettings, settings);
            ConfigureSilo(builder);
        });
        await silo.StartAsync();
        _extraSilos.Add(silo);
    }

    /// <summary>Gateway settings a derived fixture changes.</summary>
    protected virtual IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>();

    /// <summary>Anything else a derived fixture adds to its silos' hosts (a log capture, ...).</summary>
    protected virtual void ConfigureSilo(WebApplicationBuilder builder)
    {
    }

    /// <summary>The first silo's own web address (health, metrics, dashboard).</summary>
    public Uri SiloAddress => new(_silo!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Silo settings a derived fixture changes (short expiry, no queue consumer, ...).</summary>
    protected virtual IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>();

    /// <summary>
    /// Stops the silo as a deployment would and starts a new one in the same cluster, on the same ports; returns once
    /// every gateway reaches it again. Until a gateway has reconnected it answers 503 (cluster_unavailable), which the
    /// tests that share these hosts must not meet.
    /// </summary>
    public async Task RestartSiloAsync()
    {
        await _silo!.StopAsync();
        await _silo.DisposeAsync();
        await StartSiloAsync();
        foreach (var gateway in _gateways)
        {
            await ReachesClusterAsync(gateway);
        }
    }

    private static async Task ReachesClusterAsync(WebApplication gateway)
    {
        var probe = gateway.Services.GetRequiredService<IClusterClient>().GetGrain<IHealthProbeGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await probe.PingAsync().WaitAsync(TimeSpan.FromSeconds(5));
                return;
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Stops gateway <paramref name="index"/> as a deployment would and starts a new one (on a new port).</summary>
    public async Task RestartGatewayAsync(int index)
    {
        await _gateways[index].StopAsync();
        await _gateways[index].DisposeAsync();
        _gateways[index] = await StartGatewayAsync();
    }

    private async Task<WebApplication> StartGatewayAsync()
    {
        // Development, as scripts/run.sh runs it: the browser tests mint their token on the page (POST /api/dev/token).
        var gateway = GatewayApplication.Build(["--environment", "Development"], builder => Configure(builder, _sharedSettings, _gatewaySettings));
        await gateway.StartAsync();
        return gateway;
    }

    private static Uri AddressOf(WebApplication host) =>
        new(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private async Task StartSiloAsync()
    {
        _silo = SiloApplication.Build([], builder =>
        {
            Configure(builder, _sharedSettings, _siloSettings);
            ConfigureSilo(builder);
        });
        await _silo.StartAsync();
    }

    /// <summary>A client of the gateway that acts as <paramref name="userId"/> in <paramref name="tenantId"/>.</summary>
    public HttpClient CreateClient(string userId, string tenantId, params string[] tokenTenants) =>
        CreateClientOn(0, userId, tenantId, tokenTenants);

    /// <summary>A client of gateway <paramref name="gateway"/> that acts as <paramref name="userId"/> in <paramref name="tenantId"/>.</summary>
    public HttpClient CreateClientOn(int gateway, string userId, string tenantId, params string[] tokenTenants) =>
        GatewayClients.As(GatewayAddresses[gateway], Tokens, userId, "uploader", tenantId, tokenTenants);

    /// <summary>A client with the tenant admin role in <paramref name="tenantId"/>.</summary>
    public HttpClient CreateAdminClient(string tenantId) =>
        GatewayClients.As(GatewayAddress, Tokens, TestProjects.AdminUser, "admin", tenantId);

    /// <summary>A client with the service operator role, acting in <paramref name="tenantId"/>.</summary>
    public HttpClient CreateOperatorClient(string tenantId) =>
        GatewayClients.As(GatewayAddress, Tokens, "operator", "operator", tenantId);

    public HttpClient CreateAnonymousClient() => GatewayClients.Anonymous(GatewayAddress);

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }

        foreach (var silo in _extraSilos)
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }
    }

    private static void Configure(WebApplicationBuilder builder, Dictionary<string, string?> shared, Dictionary<string, string?> own)
    {
        builder.Configuration.AddInMemoryCollection(shared);
        builder.Configuration.AddInMemoryCollection(own);
        builder.Logging.AddFilter("BuildPeer", LogLevel.Information);
        ProcessWideMeterFactory.UseIn(builder.Services);
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceHostsCollection : ICollectionFixture<ServiceHostsFixture>
{
    public const string Name = "service hosts";
}

/// <summary>
/// Hosts whose uploads expire seconds after initiate, for expiry tests. Its silo does not consume the shared event
/// queue, so it never takes an event meant for the main fixture's uploads.
/// </summary>
public sealed class ShortExpiryHostsFixture : ServiceHostsFixture
{
    protected override string ServiceId => "buildpeer-tests-expiry";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Uploads:PresignedUrlLifetime"] = "00:00:02",
        ["Uploads:ExpiryGracePeriod"] = "00:00:01",
        ["Projects:ReconcilePeriod"] = "00:00:01",
        ["Projects:ReservationGracePeriod"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class ShortExpiryHostsCollection : ICollectionFixture<ShortExpiryHostsFixture>
{
    public const string Name = "short expiry hosts";
}
