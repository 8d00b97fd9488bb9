using Amazon.SQS;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Notifications;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Notifications;

namespace BuildPeer.IntegrationTests.MobilePush;

/// <summary>
/// A silo that pushes through a <see cref="FakeFcm"/> of its own. It reads a queue of its own subscribed to the
/// stack's upload-completed topic (made through the emulator's API here, removed at the end), so it neither needs the
/// stack's upload-push queue nor takes messages meant for another consumer. Its grains live under a service id of
/// their own, so notifications about every other run's projects find no project here and are dropped; it does not
/// consume the shared S3 event queue, so tests hand S3 events to the grains themselves (<see cref="ObjectEvents"/>).
/// </summary>
public sealed class MobilePushHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    private readonly AmazonSQSClient _sqs;
    private readonly SnsQueryClient _sns;
    private QueueSubscription? _subscription;

    public MobilePushHostsFixture()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
        _sns = SnsQueryClient.Create(new SnsOptions(), new AwsSettings());
    }

    public FakeFcm Fcm { get; private set; } = null!;

    public SnsQueryClient Sns => _sns;

    protected override string ServiceId => "buildpeer-tests-push";

    public new async Task InitializeAsync()
    {
        Fcm = await FakeFcm.StartAsync();
        var topicArn = await _sns.CreateTopicAsync(LocalStack.Get("Sns__UploadCompletedTopicName"), CancellationToken.None);
        _subscription = await QueueSubscription.CreateAsync(_sqs, _sns, topicArn);
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["Sqs:Enabled"] = "false",
        ["MobilePush:Enabled"] = "true",
        ["MobilePush:QueueName"] = _subscription!.QueueUrl[(_subscription.QueueUrl.LastIndexOf('/') + 1)..],
        ["MobilePush:ProjectId"] = FakeFcm.ProjectId,
        ["MobilePush:CredentialsFile"] = Fcm.CredentialsFile,
        ["MobilePush:Endpoint"] = Fcm.Endpoint.ToString(),
        ["MobilePush:RetryBaseDelay"] = "00:00:00.200",
        ["MobilePush:MaxRetryDelay"] = "00:00:05",
    };

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        await Fcm.DisposeAsync();
        _sqs.Dispose();
        _sns.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MobilePushHostsCollection : ICollectionFixture<MobilePushHostsFixture>
{
    public const string Name = "mobile push hosts";
}
