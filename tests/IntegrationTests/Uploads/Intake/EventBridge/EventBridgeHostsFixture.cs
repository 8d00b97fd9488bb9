using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Intake.EventBridge;

/// <summary>
/// Hosts on the emulator's EventBridge bucket: every object they are sent arrives as EventBridge's "Object Created"
/// event on a queue only this silo reads, as in production (S3 → EventBridge rule → SQS).
/// </summary>
public sealed class EventBridgeHostsFixture : ServiceHostsFixture, IAsyncLifetime
{
    public EmulatorEventBridge EventBridge { get; private set; } = null!;

    public new async Task InitializeAsync()
    {
        LocalStack.ExportToEnvironment();
        EventBridge = await EmulatorEventBridge.DiscoverAsync();
        await base.InitializeAsync();
    }

    protected override string ServiceId => "buildpeer-tests-eventbridge";

    protected override IReadOnlyDictionary<string, string?> SiloOverrides() => new Dictionary<string, string?>
    {
        ["S3:BucketName"] = EventBridge.BucketName,
        ["Sqs:UploadEventsQueueName"] = EventBridge.QueueName,
        ["Sqs:DeadLetterQueueName"] = EventBridge.DeadLetterQueueName,
    };
}

[CollectionDefinition(Name)]
public sealed class EventBridgeHostsCollection : ICollectionFixture<EventBridgeHostsFixture>
{
    public const string Name = "eventbridge hosts";
}
