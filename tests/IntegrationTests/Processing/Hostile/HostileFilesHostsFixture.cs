using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Processing.Hostile;

/// <summary>
/// A silo with two parser workers and a short parse time limit, so a hostile file's two losses take seconds. It does
/// not consume the shared event queue (its grains live under a service id of its own): tests deliver the events.
/// </summary>
public sealed class HostileFilesHostsFixture : ServiceHostsFixture
{
    public static readonly TimeSpan ParseTimeLimit = TimeSpan.FromSeconds(15);

    protected override string ServiceId => "buildpeer-tests-hostile";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Processing:Workers"] = "2",
        ["Processing:Parsers:TimeLimit"] = ParseTimeLimit.ToString("c"),
        ["Processing:RetryBaseDelay"] = "00:00:00.300",
        ["Processing:RetryMaxDelay"] = "00:00:01",
        ["Processing:ReminderPeriod"] = "00:00:01",
        // The 60 MB JPEG goes up in one PUT.
        ["Uploads:SinglePutMaxSizeBytes"] = "104857600",
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["Uploads:SinglePutMaxSizeBytes"] = "104857600",
    };
}

[CollectionDefinition(Name)]
public sealed class HostileFilesHostsCollection : ICollectionFixture<HostileFilesHostsFixture>
{
    public const string Name = "hostile files hosts";
}
