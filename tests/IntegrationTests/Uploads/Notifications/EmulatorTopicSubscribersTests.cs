using Amazon.SQS.Model;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Notifications;

/// <summary>
/// The emulator subscribes the consumers' queues to the topic itself when told to (BUILDPEER_TOPIC_SUBSCRIBERS, as
/// docker-compose.yml does, where no script runs after it starts): raw delivery, dead letters after 5 receives.
/// </summary>
public sealed class EmulatorTopicSubscribersTests : IAsyncLifetime
{
    private EmulatorProcess _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorProcess.StartAsync(new Dictionary<string, string>
    {
        ["BUILDPEER_TOPIC_SUBSCRIBERS"] = "upload-digest, upload-push",
        // As in a container: every interface, reached here through loopback.
        ["BUILDPEER_EMULATOR_HOST"] = "0.0.0.0",
    });

    [Fact]
    public async Task A_notification_published_to_the_topic_reaches_every_subscriber_queue_as_it_was_sent()
    {
        using var sqs = _emulator.CreateSqsClient();
        using var sns = _emulator.CreateSnsClient();
        var topicArn = await sns.CreateTopicAsync("upload-completed", default);
        const string Body = """{"uploadId":"0193d2c4-0000-7000-8000-000000000001","status":"COMPLETED"}""";

        await sns.SendAsync("Publish", [new("TopicArn", topicArn), new("Message", Body)], default);

        foreach (var queue in new[] { "upload-digest", "upload-push" })
        {
            var queueUrl = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 10 });
            Assert.Equal(Body, Assert.Single(received.Messages).Body);
            var redrive = (await sqs.GetQueueAttributesAsync(queueUrl, ["RedrivePolicy"])).Attributes["RedrivePolicy"];
            Assert.Contains($"{queue}-dlq", redrive, StringComparison.Ordinal);
            Assert.Contains("5", redrive, StringComparison.Ordinal);
        }
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();
}
