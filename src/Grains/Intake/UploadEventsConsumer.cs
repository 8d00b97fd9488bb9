using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.Storage;
using BuildPeer.Grains.Uploads.Naming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Intake;

/// <summary>
/// Long-polls the S3 event queue and hands each event to its upload's grain. A message is deleted only after
/// every grain it concerns has durably recorded it; anything else is left for SQS to redeliver, and after the
/// queue's maxReceiveCount SQS itself moves it to the dead-letter queue. The silo holds at most
/// <see cref="SqsOptions.MaxInFlight"/> messages and asks for no more than it has room for (backpressure); a
/// message still being handled keeps its visibility extended. While the silo's processing backlog is above
/// <see cref="SqsOptions.MaxProcessingBacklog"/> it takes no new events at all.
/// </summary>
public sealed partial class UploadEventsConsumer(
    IAmazonSQS sqs,
    IGrainFactory grains,
    ProcessingWorkerPool workers,
    IOptions<SqsOptions> sqsOptions,
    IOptions<S3Options> s3Options,
    ILogger<UploadEventsConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan BacklogCheckPeriod = TimeSpan.FromMilliseconds(250);
    private SemaphoreSlim? _places;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = sqsOptions.Value;
        if (!options.Enabled)
        {
            LogDisabled(options.UploadEventsQueueName);
            return;
        }

        var queueUrl = await ResolveQueueUrlAsync(options, stoppingToken);
        if (queueUrl is null)
        {
            return;
        }

        _places = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        await Task.WhenAll(Enumerable.Range(0, options.Pollers).Select(_ => PollAsync(queueUrl, options, stoppingToken)));
    }

    public override void Dispose()
    {
        _places?.Dispose();
        base.Dispose();
    }

    private async Task<string?> ResolveQueueUrlAsync(SqsOptions options, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return (await sqs.GetQueueUrlAsync(options.UploadEventsQueueName, stoppingToken)).QueueUrl;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception, options.UploadEventsQueueName);
                await Task.Delay(options.ErrorBackoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return null;
    }

    private async Task PollAsync(string queueUrl, SqsOptions options, CancellationToken stoppingToken)
    {
        var places = _places!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                await WhileProcessingIsBehindAsync(options, stoppingToken);

                // Wait for one free place, then take whatever else is free, up to one receive's worth.
                await places.WaitAsync(stoppingToken);
                taken = 1;
                while (taken < options.MaxMessagesPerReceive && places.Wait(0, CancellationToken.None))
                {
                    taken++;
                }

                var messages = await ReceiveAsync(queueUrl, options, taken, stoppingToken);
                var unused = taken - messages.Count;
                taken = 0; // from here on each message owns its place and gives it back when it is done
                if (unused > 0)
                {
                    places.Release(unused);
                }
                foreach (var message in messages)
                {
                    // Once received, a message is finished even if the silo is stopping: the grain calls are short.
                    _ = HandleAndReleaseAsync(queueUrl, options, message, places);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogReceiveFailed(exception, options.UploadEventsQueueName);
                await Task.Delay(options.ErrorBackoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                if (taken > 0)
                {
                    places.Release(taken);
                }
            }
        }
    }

    private async Task WhileProcessingIsBehindAsync(SqsOptions options, CancellationToken stoppingToken)
    {
        if (workers.Waiting < options.MaxProcessingBacklog)
        {
            return;
        }

        LogBacklogPause(workers.Waiting);
        while (workers.Waiting >= options.MaxProcessingBacklog)
        {
            await Task.Delay(BacklogCheckPeriod, stoppingToken);
        }
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl, SqsOptions options, int count, CancellationToken stoppingToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = count,
            WaitTimeSeconds = options.WaitTimeSeconds,
            VisibilityTimeout = (int)options.VisibilityTimeout.TotalSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        }, stoppingToken);
        return response.Messages ?? [];
    }

    private async Task HandleAndReleaseAsync(string queueUrl, SqsOptions options, Message message, SemaphoreSlim places)
    {
        try
        {
            bool done;
            await using (VisibilityHeartbeat.Start(sqs, queueUrl, message.ReceiptHandle, options.VisibilityTimeout, logger))
            {
                done = await HandleAsync(message);
            }

            if (done)
            {
                await DeleteAsync(queueUrl, message);
            }
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, message.MessageId, ReceiveCount(message));
        }
        finally
        {
            places.Release();
        }
    }

    private async Task DeleteAsync(string queueUrl, Message message)
    {
        try
        {
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, CancellationToken.None);
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or TimeoutException)
        {
            // The grain already recorded it; a redelivery is a harmless duplicate.
            LogDeleteFailed(exception, message.MessageId);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Waiting} files wait for a processing worker; taking no new events until fewer do")]
    private partial void LogBacklogPause(int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sqs:Enabled is false: this silo does not consume {Queue}")]
    private partial void LogDisabled(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from queue {Queue} failed; backing off")]
    private partial void LogReceiveFailed(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} (receive {ReceiveCount}) is not an S3 event: {Problem}; leaving it for the dead-letter queue")]
    private partial void LogMalformed(string messageId, string receiveCount, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {ReceiveCount}) could not be delivered to its upload; it will be retried")]
    private partial void LogDeliveryFailed(Exception exception, string messageId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring object {Bucket}/{Key}: not an upload of this service")]
    private partial void LogNotAnUpload(string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} did not accept the event for {Key}: {Outcome}")]
    private partial void LogUnmatchedEvent(Guid uploadId, string key, ObjectCreatedOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting message {MessageId} failed; it will come back as a harmless duplicate")]
    private partial void LogDeleteFailed(Exception exception, string messageId);
}
