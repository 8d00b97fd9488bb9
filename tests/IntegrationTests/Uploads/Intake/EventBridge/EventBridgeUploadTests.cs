using System.Globalization;
using Amazon.SQS;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;

namespace BuildPeer.IntegrationTests.Uploads.Intake.EventBridge;

/// <summary>
/// Uploads through the production event path, S3 → EventBridge → SQS: the silo learns of each object only from
/// EventBridge's "Object Created" event and processes it as it does S3's own notifications.
/// </summary>
[Collection(EventBridgeHostsCollection.Name)]
public sealed class EventBridgeUploadTests(EventBridgeHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task A_drawing_sent_with_its_URL_completes_from_the_EventBridge_event()
    {
        var upload = await ProcessedUploads.UploadAndAwaitAsync(
            Alice, Project, "plano nivel 3 ñ.dwg", "application/acad", ProcessingFixtures.DwgLike(8192));

        ProcessedUploads.AssertStatus(upload, "COMPLETED");
        Assert.Equal(8192, upload.GetProperty("storedSize").GetInt64());
    }

    [Fact]
    public async Task An_infected_file_sent_through_EventBridge_is_quarantined_and_the_queue_is_left_empty()
    {
        var upload = await ProcessedUploads.UploadAndAwaitAsync(
            Alice, Project, "site plan.pdf", "application/pdf", ProcessingFixtures.PdfWithEicar());

        ProcessedUploads.AssertStatus(upload, "QUARANTINED");
        using var sqs = new AmazonSQSClient();
        foreach (var queue in new[] { hosts.EventBridge.QueueName, hosts.EventBridge.DeadLetterQueueName })
        {
            var queueUrl = (await sqs.GetQueueUrlAsync(queue)).QueueUrl;
            await Eventually.MatchesAsync(
                async () => (await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]))
                    .Attributes.Values.Sum(value => int.Parse(value, CultureInfo.InvariantCulture)),
                depth => depth == 0, TimeSpan.FromSeconds(30), $"{queue} to be empty");
        }
    }
}
