using System.Globalization;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// Two silos whose scanner is reached through a <see cref="ScannerRelay"/> the tests switch. They do not consume
/// the shared event queue (their grains live under a service id of their own), so tests hand events to the grains
/// the way the consumer does.
/// </summary>
public sealed class ScannerRelayHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    public ScannerRelay Relay { get; } = new(RelayMode.Pass);

    protected override string ServiceId => "buildpeer-tests-scanner";

    protected override int SiloCount => 2;

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Clamd:Port"] = Relay.Port.ToString(CultureInfo.InvariantCulture),
        ["Clamd:ConnectTimeout"] = "00:00:02",
        ["Processing:MaxAttempts"] = "8",
        ["Processing:RetryBaseDelay"] = "00:00:00.300",
        ["Processing:RetryMaxDelay"] = "00:00:01",
        ["Processing:ReminderPeriod"] = "00:00:01",
        ["Processing:TimeLimit"] = "00:01:00",
    };

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Relay.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScannerRelayHostsCollection : ICollectionFixture<ScannerRelayHostsFixture>
{
    public const string Name = "scanner relay hosts";
}
