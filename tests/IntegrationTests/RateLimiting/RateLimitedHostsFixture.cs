using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.RateLimiting;

/// <summary>
/// A gateway with tiny buckets that never refill during a test (one token an hour), so what is refused is exactly
/// what the buckets hold. The silo does not consume the shared event queue.
/// </summary>
public sealed class RateLimitedHostsFixture : ServiceHostsFixture
{
    public const int UserBurst = 3;
    public const int TenantBurst = 5;

    protected override string ServiceId => "buildpeer-tests-ratelimits";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["RateLimits:PerUser:TokensPerPeriod"] = "1",
        ["RateLimits:PerUser:Period"] = "01:00:00",
        ["RateLimits:PerUser:BurstSize"] = UserBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PerTenant:TokensPerPeriod"] = "1",
        ["RateLimits:PerTenant:Period"] = "01:00:00",
        ["RateLimits:PerTenant:BurstSize"] = TenantBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class RateLimitedHostsCollection : ICollectionFixture<RateLimitedHostsFixture>
{
    public const string Name = "rate-limited hosts";
}
