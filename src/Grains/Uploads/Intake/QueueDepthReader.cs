using Amazon.SQS;
using BuildPeer.Grains.Abstractions.Operations;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>SQS's approximate counts of a queue by name; a queue that does not answer gives its error instead.</summary>
public sealed class QueueDepthReader(IAmazonSQS sqs)
{
    private const string Visible = "ApproximateNumberOfMessages";
    private const string InFlight = "ApproximateNumberOfMessagesNotVisible";
    private const string Delayed = "ApproximateNumberOfMessagesDelayed";

    public async Task<QueueDepth> ReadAsync(string queueName, CancellationToken cancellationToken)
    {
        try
        {
            var url = (await sqs.GetQueueUrlAsync(queueName, cancellationToken)).QueueUrl;
            var attributes = (await sqs.GetQueueAttributesAsync(url, [Visible, InFlight, Delayed], cancellationToken)).Attributes ?? [];
            return new QueueDepth(queueName, Count(attributes, Visible), Count(attributes, InFlight), Count(attributes, Delayed), null);
        }
        catch (Exception exception) when (exception is AmazonSQSException or Amazon.Runtime.AmazonServiceException
            or HttpRequestException or TimeoutException)
        {
            return new QueueDepth(queueName, null, null, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private static int? Count(Dictionary<string, string> attributes, string name) =>
        attributes.TryGetValue(name, out var value) && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count : null;
}
