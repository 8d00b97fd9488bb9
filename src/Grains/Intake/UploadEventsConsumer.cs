using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Storage;
using BuildPeer.Grains.Uploads.Naming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Intake;

/// <summary>
/// Long-polls the S3 event queue and hands each event to its upload's grain. A message is deleted only after
/// every grain it concerns has durably recorded it; anything else is left for SQS to redeliver, and after the
/// queue's maxReceiveCount SQS itself moves it to the dead-letter queue.
/// </summary>
public sealed partial class UploadEventsConsumer(
    IAmazonSQS sqs,
    IGrainFactory grains,
    IOptions<SqsOptions> sqsOptions,
    IOptions<S3Options> s3Options,
    ILogger<UploadEventsConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = sqsOptions.Value;
        if (!options.Enabled)
        {
            LogDisabled(options.UploadEventsQueueName);
            return;
        }

        string? queueUrl = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                queueUrl ??= (await sqs.GetQueueUrlAsync(options.UploadEventsQueueName, stoppingToken)).QueueUrl;
                await ReceiveAndHandleAsync(queueUrl, options, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception, options.UploadEventsQueueName);
                await Task.Delay(options.ErrorBackoff, stoppingToken);
            }
        }
    }

    private async Task ReceiveAndHandleAsync(string queueUrl, SqsOptions options, CancellationToken stoppingToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = options.MaxMessagesPerReceive,
            WaitTimeSeconds = options.WaitTimeSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, stoppingToken);

        if (response.Messages is not { Count: > 0 } messages)
        {
            return;
        }

        // Once received, a message is finished even if the silo is stopping: the grain calls are short.
        var handled = await Task.WhenAll(messages.Select(HandleAsync));
        var done = messages.Where((_, index) => handled[index])
            .Select(message => new DeleteMessageBatchRequestEntry(message.MessageId, message.ReceiptHandle))
            .ToList();
        if (done.Count == 0)
        {
            return;
        }

        var deleted = await sqs.DeleteMessageBatchAsync(queueUrl, done, CancellationToken.None);
        foreach (var failure in deleted.Failed ?? [])
        {
            // The grain already recorded it; a redelivery is a harmless duplicate.
            LogDeleteFailed(failure.Id, failure.Message);
        }
    }

    /// <summary>True when the message may be deleted.</summary>
    private async Task<bool> HandleAsync(Message message)
    {
        var parsed = S3EventParser.Parse(message.Body);
        switch (parsed.Kind)
        {
            case S3EventMessageKind.Malformed:
                LogMalformed(message.MessageId, ReceiveCount(message), parsed.Problem);
                return false;
            case S3EventMessageKind.TestEvent:
            case S3EventMessageKind.Irrelevant:
                return true;
        }

        try
        {
            foreach (var objectCreated in parsed.Objects)
            {
                await DeliverAsync(objectCreated);
            }

            return true;
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, message.MessageId, ReceiveCount(message));
            return false;
        }
    }

    private async Task DeliverAsync(ObjectCreated objectCreated)
    {
        if (objectCreated.Bucket != s3Options.Value.BucketName
            || !UploadKey.TryParseUploadId(objectCreated.Key, out var uploadId))
        {
            LogNotAnUpload(objectCreated.Bucket, objectCreated.Key);
            return;
        }

        var outcome = await grains.GetGrain<IUploadGrain>(uploadId.Value).RecordObjectCreatedAsync(objectCreated);
        if (outcome is ObjectCreatedOutcome.UnknownUpload or ObjectCreatedOutcome.Mismatch)
        {
            LogUnmatchedEvent(uploadId.Value, objectCreated.Key, outcome);
        }
    }

    private static string ReceiveCount(Message message) =>
        message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") ?? "?";

    [LoggerMessage(Level = LogLevel.Information, Message = "Sqs:Enabled is false: this silo does not consume {Queue}")]
    private partial void LogDisabled(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed; backing off")]
    private partial void LogReceiveFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} (receive {ReceiveCount}) is not an S3 event: {Problem}; leaving it for the dead-letter queue")]
    private partial void LogMalformed(string messageId, string receiveCount, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {ReceiveCount}) could not be delivered to its upload; it will be retried")]
    private partial void LogDeliveryFailed(Exception exception, string messageId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignoring object {Bucket}/{Key}: not an upload of this service")]
    private partial void LogNotAnUpload(string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} did not accept the event for {Key}: {Outcome}")]
    private partial void LogUnmatchedEvent(Guid uploadId, string key, ObjectCreatedOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting message {MessageId} failed: {Reason}")]
    private partial void LogDeleteFailed(string messageId, string reason);
}
