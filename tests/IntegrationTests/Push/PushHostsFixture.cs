using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// Two silos and two gateway processes in one cluster: a change made on one silo must reach a client of either
/// gateway. The silos do not consume the shared event queue (their grains live under a service id of their own), so
/// tests hand S3 events to the grains the way the consumer does. Short leases and keep-alives keep the tests quick.
/// </summary>
public sealed class PushHostsFixture : ServiceHostsFixture
{
    protected override string ServiceId => "buildpeer-tests-push";

    protected override int SiloCount => 2;

    protected override int GatewayCount => 2;

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Feed:SubscriptionLease"] = "00:00:03",
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["Push:KeepAliveInterval"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class PushHostsCollection : ICollectionFixture<PushHostsFixture>
{
    public const string Name = "push hosts";
}
