using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace BuildPeer.IntegrationTests.Uploads.Intake.DeadLetters;

/// <summary>
/// A source queue and its dead-letter queue (RedrivePolicy maxReceiveCount 3), both the test's own, so that tests
/// never touch the shared upload-events queues. Deleted on dispose.
/// </summary>
public sealed class TestQueuePair : IAsyncDisposable
{
    public const int MaxReceiveCount = 3;

    private readonly IAmazonSQS _sqs;

    private TestQueuePair(IAmazonSQS sqs, string name, string sourceUrl, string deadLetterUrl)
    {
        _sqs = sqs;
        SourceName = name;
        DeadLetterName = name + "-dlq";
        SourceUrl = sourceUrl;
        DeadLetterUrl = deadLetterUrl;
    }

    public string SourceName { get; }

    public string DeadLetterName { get; }

    public string SourceUrl { get; }

    public string DeadLetterUrl { get; }

    public static async Task<TestQueuePair> CreateAsync(IAmazonSQS sqs)
    {
        var name = $"dlq-test-{Guid.NewGuid():N}";
        var deadLetterUrl = (await sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
        var deadLetterArn = (await sqs.GetQueueAttributesAsync(deadLetterUrl, ["QueueArn"])).QueueARN;
        var redrivePolicy = JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetterArn, maxReceiveCount = MaxReceiveCount });
        var sourceUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string> { ["RedrivePolicy"] = redrivePolicy },
        })).QueueUrl;
        return new TestQueuePair(sqs, name, sourceUrl, deadLetterUrl);
    }

    /// <summary>Visible plus in-flight messages.</summary>
    public async Task<(int Visible, int InFlight)> DepthAsync(string queueUrl)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl,
            ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    /// <summary>Receives (and deletes) everything in <paramref name="queueUrl"/>.</summary>
    public async Task<List<Message>> DrainAsync(string queueUrl)
    {
        var all = new List<Message>();
        while (true)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
            });
            if (response.Messages is not { Count: > 0 } messages)
            {
                return all;
            }

            all.AddRange(messages);
            foreach (var message in messages)
            {
                await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sqs.DeleteQueueAsync(SourceUrl);
        await _sqs.DeleteQueueAsync(DeadLetterUrl);
    }
}
