using Amazon.SQS;
using BuildPeer.Grains.Uploads.Intake;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Health;

/// <summary>The upload events queue answers with its depth (every silo serves the dead-letter grain, consumer or not).</summary>
public sealed class SqsQueueHealthCheck(IAmazonSQS sqs, IOptions<SqsOptions> options) : IHealthCheck
{
    private string? _queueUrl;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queue = options.Value.UploadEventsQueueName;
        try
        {
            _queueUrl ??= (await sqs.GetQueueUrlAsync(queue, cancellationToken)).QueueUrl;
            var attributes = await sqs.GetQueueAttributesAsync(_queueUrl, ["ApproximateNumberOfMessages"], cancellationToken);
            return HealthCheckResult.Healthy($"Queue {queue} answers; about {attributes.ApproximateNumberOfMessages} messages wait.");
        }
        catch (Exception exception) when (exception is AmazonSQSException or Amazon.Runtime.AmazonServiceException
            or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Queue {queue} is unreachable or refuses this silo.", exception);
        }
    }
}
