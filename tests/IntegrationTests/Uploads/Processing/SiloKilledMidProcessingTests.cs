using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.OrleansSchema;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;
using BuildPeer.UnitTests.Processing.Images;
using Orleans.TestingHost;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// A two-silo TestingHost cluster on PostgreSQL membership: the silo running an upload's attempt is killed (no
/// graceful shutdown) while the attempt hangs in the scan; the other silo's reminder starts the next attempt and the
/// upload completes, announced once.
/// </summary>
public sealed class SiloKilledMidProcessingTests : IAsyncLifetime
{
    private readonly ScannerRelay _relay = new(RelayMode.Pass);
    private readonly AmazonSQSClient _sqs;
    private readonly SnsQueryClient _sns;
    private TestCluster _cluster = null!;

    public SiloKilledMidProcessingTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());
    }

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureMigratedAsync();
        var builder = new TestClusterBuilder(2);
        builder.Options.ClusterId = $"kill-test-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"kill-test-{Guid.NewGuid():N}";
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        foreach (var (key, value) in SiloSettings())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<ProcessingSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private Dictionary<string, string> SiloSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = TestDatabase.ConnectionString,
        ["ConnectionStrings:Redis"] = LocalStack.Get("ConnectionStrings__Redis"),
        ["S3:BucketName"] = LocalStack.BucketName,
        ["S3:ForcePathStyle"] = "true",
        // Events are handed to the grains here; the shared queue belongs to the main test hosts.
        ["Sqs:Enabled"] = "false",
        ["Sqs:UploadEventsQueueName"] = LocalStack.UploadEventsQueueName,
        ["Clamd:Host"] = "127.0.0.1",
        ["Clamd:Port"] = _relay.Port.ToString(CultureInfo.InvariantCulture),
        ["Processing:ReminderPeriod"] = "00:00:01",
        ["Processing:RetryBaseDelay"] = "00:00:00.300",
        ["Processing:RetryMaxDelay"] = "00:00:01",
    };

    [Fact]
    public async Task The_upload_completes_once_on_the_surviving_silo()
    {
        var topicArn = await _sns.CreateTopicAsync("upload-completed", CancellationToken.None);
        await using var subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        var content = GeneratedImages.TransparentPng(320, 240);
        var uploadId = Guid.CreateVersion7();
        var upload = _cluster.Client.GetGrain<IUploadGrain>(uploadId);
        var ticket = await upload.InitiateAsync(new UploadRegistration("acme", "kill-test", "alice", "kill.png", "image/png", content.Length));
        using (var put = await ApiCalls.PutToStorageAsync(ticket.Url!, content, "image/png"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        _relay.Switch(RelayMode.Stall);
        var key = $"acme/kill-test/uploads/{uploadId}/kill.png";
        using var s3 = S3ClientFactory.Create(new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true }, new AwsSettings());
        var head = await s3.GetObjectMetadataAsync(LocalStack.BucketName, key);
        Assert.Equal(ObjectCreatedOutcome.Recorded, await upload.RecordObjectCreatedAsync(new ObjectCreated(
            LocalStack.BucketName, key, head.ContentLength, head.ETag, DateTimeOffset.UtcNow, "ObjectCreated:Put", null)));
        await Eventually.MatchesAsync(() => Task.FromResult(_relay.Connections), count => count >= 1,
            ProcessedUploads.Deadline, "attempt 1 to hang in the scan");

        var hosting = await HostingSiloAsync(uploadId);
        await _cluster.KillSiloAsync(hosting);

        // The survivor declares the dead silo dead, takes over its reminders, and starts attempt 2.
        await Eventually.MatchesAsync(() => Task.FromResult(_relay.Connections), count => count >= 2,
            ProcessedUploads.Deadline, "the surviving silo to start another attempt");
        _relay.Switch(RelayMode.Pass);

        var finished = await Eventually.MatchesAsync(() => upload.GetStatusAsync("acme"),
            status => status!.Status.IsTerminal(), ProcessedUploads.Deadline, "the upload to finish on the survivor");
        Assert.Equal(UploadStatus.Completed, finished!.Status);
        using var metadata = JsonDocument.Parse(finished.MetadataJson!);
        Assert.True(metadata.RootElement.GetProperty("attempts").GetInt32() >= 2);
        var notifications = await subscription.CollectNotificationsAsync(uploadId, TimeSpan.FromSeconds(5));
        Assert.Equal([$"{uploadId:D}:1"], notifications.Select(notification => notification.GetProperty("notificationId").GetString()));
    }

    private async Task<SiloHandle> HostingSiloAsync(Guid uploadId)
    {
        var statistics = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var address = statistics.First(activation => activation.GrainType.Contains("UploadGrain", StringComparison.Ordinal)
            && activation.GrainId.TryGetGuidKey(out var key, out _) && key == uploadId).SiloAddress;
        return _cluster.Silos.Single(silo => silo.SiloAddress.Equals(address));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _relay.DisposeAsync();
        _sqs.Dispose();
        _sns.Dispose();
    }
}
