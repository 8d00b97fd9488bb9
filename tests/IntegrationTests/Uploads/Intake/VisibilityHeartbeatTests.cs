using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildPeer.IntegrationTests.Uploads.Intake;

/// <summary>A message still being handled stays invisible for as long as it takes, and comes back once let go.</summary>
public sealed class VisibilityHeartbeatTests : IAsyncLifetime
{
    private readonly AmazonSQSClient _sqs;
    private TestQueuePair _queues = null!;

    public VisibilityHeartbeatTests()
    {
        LocalStack.ExportToEnvironment();
        _sqs = new AmazonSQSClient();
    }

    public async Task InitializeAsync() => _queues = await TestQueuePair.CreateAsync(_sqs);

    [Fact]
    public async Task A_slow_message_is_not_handed_to_another_consumer_while_its_heartbeat_runs()
    {
        var visibility = TimeSpan.FromSeconds(3);
        await _sqs.SendMessageAsync(_queues.SourceUrl, "slow work");
        var held = Assert.Single((await ReceiveAsync(visibility)).Messages!);

        await using (VisibilityHeartbeat.Start(_sqs, _queues.SourceUrl, held.ReceiptHandle, visibility, NullLogger.Instance))
        {
            // Three visibility timeouts pass while the heartbeat holds the message.
            var deadline = DateTime.UtcNow + (visibility * 3);
            while (DateTime.UtcNow < deadline)
            {
                Assert.Empty((await ReceiveAsync(visibility)).Messages ?? []);
            }
        }

        // Let go, it is visible again after at most one more timeout.
        var again = await Eventually.MatchesAsync(async () => (await ReceiveAsync(visibility)).Messages ?? [],
            messages => messages.Count == 1, TimeSpan.FromSeconds(10), "the message to come back");
        Assert.Equal("slow work", again[0].Body);
    }

    private Task<ReceiveMessageResponse> ReceiveAsync(TimeSpan visibility) => _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
    {
        QueueUrl = _queues.SourceUrl,
        MaxNumberOfMessages = 1,
        WaitTimeSeconds = 1,
        VisibilityTimeout = (int)visibility.TotalSeconds,
    });

    public async Task DisposeAsync()
    {
        await _queues.DisposeAsync();
        _sqs.Dispose();
    }
}
