using System.Globalization;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Digest;

/// <summary>
/// A silo that mails digests every <see cref="Period"/> to a <see cref="SmtpSink"/> of its own, reading the stack's
/// upload-digest subscription. Its grains live under a service id of their own, so notifications about every other
/// run's projects find no project here and are dropped; it does not consume the shared S3 event queue, so tests hand
/// S3 events to the grains themselves (<see cref="ObjectEvents"/>).
/// </summary>
public sealed class DigestHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(8);

    public SmtpSink Mail { get; } = new();

    protected override string ServiceId => "buildpeer-tests-digest";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["Digest:Enabled"] = "true",
        ["Digest:QueueName"] = LocalStack.Get("Digest__QueueName"),
        ["Digest:Period"] = Period.ToString("c", CultureInfo.InvariantCulture),
        ["Digest:SmtpHost"] = "127.0.0.1",
        ["Digest:SmtpPort"] = Mail.Port.ToString(CultureInfo.InvariantCulture),
        ["Digest:UseStartTls"] = "false",
        ["Digest:SmtpTimeout"] = "00:00:05",
        ["Digest:From"] = "BuildPeer <digest@buildpeer.test>",
    };

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Mail.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DigestHostsCollection : ICollectionFixture<DigestHostsFixture>
{
    public const string Name = "digest hosts";
}
