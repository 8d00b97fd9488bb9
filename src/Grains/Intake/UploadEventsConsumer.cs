using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.Storage;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.ServiceDefaults.Telemetry;
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
/// <see cref="SqsOptions.MaxProcessingBacklog"/> it takes no new events at all. At shutdown it stops receiving,
/// lets what it holds finish for <see cref="SqsOptions.ShutdownGrace"/>, and makes the rest visible again at once.
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
    private static readonly TimeSpan ShutdownPollPeriod = TimeSpan.FromMilliseconds(50);
    private const int MaxPerVisibilityBatch = 10;

    /// <summary>Received and not yet finished, by receipt handle: what a shutdown must hand back.</summary>
    private readonly ConcurrentDictionary<string, HeldMessage> _held = new();
    private SemaphoreSlim? _places;
    private string? _queueUrl;

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

        _queueUrl = queueUrl;

        _places = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        await Task.WhenAll(Enumerable.Range(0, options.Pollers).Select(_ => PollAsync(queueUrl, options, stoppingToken)));
    }

    /// <summary>
    /// Receiving stops first (the pollers end); messages in hand get <see cref="SqsOptions.ShutdownGrace"/> to finish,
    /// and any still held after it are made visible again at once: SQS redelivers them to another silo now rather
    /// than after their visibility timeout. A grain that records one of them anyway makes the redelivery a duplicate,
    /// which the grains absorb.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var deadline = DateTime.UtcNow + sqsOptions.Value.ShutdownGrace;
        while (!_held.IsEmpty && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(ShutdownPollPeriod, CancellationToken.None);
        }

        await HandBackAsync();
    }

    public override void Dispose()
    {
        // _places is not disposed: handlers abandoned at shutdown may still give their place back later.
        base.Dispose();
    }

    private async Task HandBackAsync()
    {
        if (_queueUrl is null || _held.IsEmpty)
        {
            return;
        }

        var handedBack = new List<HeldMessage>();
        foreach (var held in _held.Values)
        {
            held.HandedBack = true;
            // Stopped first, or a late extension could hide the message again after it was released.
            if (held.Heartbeat is { } heartbeat)
            {
                await heartbeat.DisposeAsync();
            }

            handedBack.Add(held);
        }

        foreach (var chunk in handedBack.Chunk(MaxPerVisibilityBatch))
        {
            try
            {
                await sqs.ChangeMessageVisibilityBatchAsync(_queueUrl,
                    [.. chunk.Select((held, i) => new ChangeMessageVisibilityBatchRequestEntry(
                        i.ToString(CultureInfo.InvariantCulture), held.Message.ReceiptHandle) { VisibilityTimeout = 0 })],
                    CancellationToken.None);
            }
            catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or TimeoutException)
            {
                // They come back by themselves once their visibility timeout runs out.
                LogHandBackFailed(exception, chunk.Length);
            }
        }

        IntakeMetrics.Messages.Add(handedBack.Count, new KeyValuePair<string, object?>(IntakeMetrics.OutcomeTag, "handed_back"));
        LogHandedBack(handedBack.Count);
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
        var held = new HeldMessage(message);
        _held[message.ReceiptHandle] = held;
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("MessageId", message.MessageId) });
        using var span = BuildPeerTelemetry.Intake.StartActivity("intake.message", ActivityKind.Consumer, parentContext: default);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.message.id", message.MessageId);
        span?.SetTag("messaging.sqs.receive_count", ReceiveCount(message));
        try
        {
            bool done;
            await using (held.Heartbeat = VisibilityHeartbeat.Start(sqs, queueUrl, message.ReceiptHandle, options.VisibilityTimeout, logger))
            {
                done = await HandleAsync(message);
            }

            // A message handed back at shutdown belongs to the queue again; deleting it now could race its redelivery.
            if (done && !held.HandedBack)
            {
                await DeleteAsync(queueUrl, message);
            }

            span?.SetTag("intake.outcome", done ? "done" : "left");
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, message.MessageId, ReceiveCount(message));
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
        finally
        {
            _held.TryRemove(message.ReceiptHandle, out _);
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
                CountMessage("malformed");
                return false;
            case S3EventMessageKind.TestEvent:
            case S3EventMessageKind.Irrelevant:
                CountMessage("ignored");
                return true;
        }

        try
        {
            foreach (var objectCreated in parsed.Objects)
            {
                await DeliverAsync(objectCreated);
            }

            CountMessage("delivered");
            return true;
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(exception, message.MessageId, ReceiveCount(message));
            CountMessage("failed");
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

        IntakeMetrics.QueueLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - objectCreated.EventTime).TotalSeconds));
        using var scope = UploadLogScope.Begin(logger, uploadId.Value);
        var outcome = await grains.GetGrain<IUploadGrain>(uploadId.Value).RecordObjectCreatedAsync(objectCreated);
        if (outcome is ObjectCreatedOutcome.UnknownUpload or ObjectCreatedOutcome.Mismatch)
        {
            LogUnmatchedEvent(uploadId.Value, objectCreated.Key, outcome);
        }
    }

    private static void CountMessage(string outcome) =>
        IntakeMetrics.Messages.Add(1, new KeyValuePair<string, object?>(IntakeMetrics.OutcomeTag, outcome));

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Count} messages still being handled were made visible again for another silo")]
    private partial void LogHandedBack(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} messages could not be made visible again; they return after their visibility timeout")]
    private partial void LogHandBackFailed(Exception exception, int count);

    /// <summary>A received message while it is being handled.</summary>
    private sealed class HeldMessage(Message message)
    {
        public Message Message { get; } = message;

        public VisibilityHeartbeat? Heartbeat { get; set; }

        public volatile bool HandedBack;
    }
}
