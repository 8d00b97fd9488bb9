using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// One silo and one gateway whose streams re-check access every second and allow three streams per user and two joins per hub connection; the
/// keep-alive stays at its 15 s default, so a stream's first bytes cannot be a keep-alive. Like the push fixture
/// it does not consume the shared event queue.
/// </summary>
public sealed class StreamGuardHostsFixture : ServiceHostsFixture
{
    public const int MaxStreamsPerUser = 3;

    public const int MaxJoinsPerConnection = 2;

    protected override string ServiceId => "buildpeer-tests-stream-guard";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["Push:AccessCheckInterval"] = "00:00:01",
        ["Push:MaxStreamsPerUser"] = MaxStreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Push:MaxJoinsPerConnection"] = MaxJoinsPerConnection.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class StreamGuardHostsCollection : ICollectionFixture<StreamGuardHostsFixture>
{
    public const string Name = "stream guard hosts";
}
