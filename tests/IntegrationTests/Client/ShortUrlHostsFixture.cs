using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// Hosts whose presigned URLs live three seconds, so a test can let a URL expire under a client for real (storage
/// itself answers 403 "Request has expired"). The upload expiry stays long, so only the URLs run out. Its silo does
/// not consume the shared event queue.
/// </summary>
public sealed class ShortUrlHostsFixture : ServiceHostsFixture
{
    public static readonly TimeSpan UrlLifetime = TimeSpan.FromSeconds(3);

    protected override string ServiceId => "buildpeer-tests-short-urls";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Uploads:PresignedUrlLifetime"] = UrlLifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class ShortUrlHostsCollection : ICollectionFixture<ShortUrlHostsFixture>
{
    public const string Name = "short url hosts";
}
