using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Processing.Hostile;

/// <summary>
/// A silo with two parser workers and a short parse time limit, so a hostile file's two losses take seconds. It does
/// not consume the shared event queue (its grains live under a service id of its own): tests deliver the events.
/// </summary>
public class HostileFilesHostsFixture : ServiceHostsFixture
{
    public static readonly TimeSpan ParseTimeLimit = TimeSpan.FromSeconds(15);

    protected override string ServiceId => "buildpeer-tests-hostile";

    /// <summary>The parse time limit of this fixture's workers.</summary>
    public virtual TimeSpan WorkerTimeLimit => ParseTimeLimit;

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Processing:Workers"] = "2",
        ["Processing:Parsers:TimeLimit"] = WorkerTimeLimit.ToString("c"),
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

/// <summary>
/// The same silo with a 5-second parse limit, so a file that stalls its worker (over 12 s) does so every time, while a
/// fresh worker's first photo (its runtime starting, its libraries loading) fits even beside other test collections.
/// </summary>
public sealed class ShortParseLimitHostsFixture : HostileFilesHostsFixture
{
    protected override string ServiceId => "buildpeer-tests-short-parse";

    public override TimeSpan WorkerTimeLimit => TimeSpan.FromSeconds(5);
}

[CollectionDefinition(Name)]
public sealed class ShortParseLimitHostsCollection : ICollectionFixture<ShortParseLimitHostsFixture>
{
    public const string Name = "short parse limit hosts";
}

// Alone in the test process, so the silo's memory measured here is this collection's and the timings its own.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileFilesHostsCollection : ICollectionFixture<HostileFilesHostsFixture>
{
    public const string Name = "hostile files hosts";
}
