using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// A silo and a gateway that reach every dependency (PostgreSQL, Redis, clamd, S3) through a relay of their own,
/// so a test can take one away for a while without stopping the shared stack. Retries, reminders and
/// reconciliation keep their production periods: whatever resumes work after an outage is what production has.
/// The silo consumes an event queue of its own, where the tests put the events S3 would send.
/// </summary>
public sealed class FaultHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    private TestQueuePair _events = null!;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    /// <summary>The silo's own S3 event queue: the tests put there what S3 would after each PUT.</summary>
    public string EventQueueUrl => _events.SourceUrl;

    public new async Task InitializeAsync()
    {
        LocalStack.ExportToEnvironment();
        Sqs = new AmazonSQSClient();
        _events = await TestQueuePair.CreateAsync(Sqs);
        await base.InitializeAsync();
    }

    public TcpRelay Postgres { get; } = new(RelayMode.Pass, () =>
    {
        var database = new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString);
        return (database.Host!, database.Port);
    });

    public TcpRelay Redis { get; } = new(RelayMode.Pass, () => HostAndPort(LocalStack.Get("ConnectionStrings__Redis")));

    public ScannerRelay Clamd { get; } = new(RelayMode.Pass);

    public TcpRelay S3 { get; } = new(RelayMode.Pass, () => HostAndPort(new Uri(LocalStack.Get("AWS_ENDPOINT_URL_S3")).Authority));

    public IReadOnlyDictionary<string, TcpRelay> Relays => new Dictionary<string, TcpRelay>
    {
        ["postgresql"] = Postgres,
        ["redis"] = Redis,
        ["clamd"] = Clamd,
        ["s3"] = S3,
    };

    protected override string ServiceId => "buildpeer-tests-faults";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:UploadEventsQueueName"] = _events.SourceName,
        ["Sqs:DeadLetterQueueName"] = _events.DeadLetterName,
        ["Sqs:WaitTimeSeconds"] = "1",
        ["Sqs:VisibilityTimeout"] = "00:00:30",
        ["ConnectionStrings:Postgres"] = RelayedPostgres(),
        ["ConnectionStrings:Redis"] = RelayedRedis(),
        ["Clamd:Port"] = Clamd.Port.ToString(CultureInfo.InvariantCulture),
        ["Clamd:ConnectTimeout"] = "00:00:01",
        // Production's schedule: a 10 s first retry doubling to 15 min, a one-minute reminder.
        ["Processing:RetryBaseDelay"] = "00:00:10",
        ["Processing:RetryMaxDelay"] = "00:15:00",
        ["Processing:ReminderPeriod"] = "00:01:00",
        ["Processing:TimeLimit"] = "00:01:00",
    };

    protected override IReadOnlyDictionary<string, string?> GatewayOverrides() => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = RelayedPostgres(),
        ["ConnectionStrings:Redis"] = RelayedRedis(),
        // Long, so a status whose invalidation Redis missed would be served long after the outage, were it trusted.
        ["StatusCache:InFlightTtl"] = "00:01:00",
    };

    /// <summary>The silo's S3 client (and so its presigned URLs) goes through the relay too.</summary>
    protected override void ConfigureSilo(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(new AmazonS3Config
        {
            ServiceURL = $"http://127.0.0.1:{S3.Port.ToString(CultureInfo.InvariantCulture)}",
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        }));

    public new async Task DisposeAsync()
    {
        foreach (var relay in Relays.Values)
        {
            relay.Switch(RelayMode.Pass);
        }

        await base.DisposeAsync();
        foreach (var relay in Relays.Values)
        {
            await relay.DisposeAsync();
        }

        await _events.DisposeAsync();
        Sqs.Dispose();
    }

    private string RelayedPostgres() => new NpgsqlConnectionStringBuilder(LocalStack.PostgresConnectionString)
    {
        Host = "127.0.0.1",
        Port = Postgres.Port,
    }.ConnectionString;

    private string RelayedRedis() => $"127.0.0.1:{Redis.Port.ToString(CultureInfo.InvariantCulture)}";

    private static (string Host, int Port) HostAndPort(string hostAndPort)
    {
        var separator = hostAndPort.LastIndexOf(':');
        return (hostAndPort[..separator], int.Parse(hostAndPort[(separator + 1)..].Split(',')[0], CultureInfo.InvariantCulture));
    }
}

[CollectionDefinition(Name)]
public sealed class FaultHostsCollection : ICollectionFixture<FaultHostsFixture>
{
    public const string Name = "fault hosts";
}
