using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Faults;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.Grains.Uploads.Processing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Intake;

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
    private static readonly TimeSpan DependencyRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>About two minutes of a dependency outage held per message before it is left to SQS.</summary>
    private const int DependencyAttempts = 120;
    private readonly QueuePoller _poller = new(sqs, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = sqsOptions.Value;
        if (!options.Enabled)
        {
            LogDisabled(options.UploadEventsQueueName);
            return Task.CompletedTask;
        }

        var settings = new QueuePollingSettings(options.UploadEventsQueueName, options.Pollers, options.MaxInFlight,
            options.MaxMessagesPerReceive, options.WaitTimeSeconds, options.VisibilityTimeout, options.ErrorBackoff);
        return _poller.RunAsync(settings, HandleTracedAsync, WhileProcessingIsBehindAsync, stoppingToken);
    }

    /// <summary>Receiving stops first (the pollers end); then what is still held is finished or handed back.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var handedBack = await _poller.HandBackAsync(sqsOptions.Value.ShutdownGrace, cancellationToken);
        if (handedBack > 0)
        {
            IntakeMetrics.Messages.Add(handedBack, new KeyValuePair<string, object?>(IntakeMetrics.OutcomeTag, "handed_back"));
            LogHandedBack(handedBack);
        }
    }

    private async Task WhileProcessingIsBehindAsync(CancellationToken stoppingToken)
    {
        var options = sqsOptions.Value;
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

    /// <summary>Each message is a trace of its own, which the upload's own trace links to.</summary>
    private async Task<bool> HandleTracedAsync(Message message)
    {
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new("MessageId", message.MessageId) });
        using var span = IntakeTelemetry.Source.StartActivity("intake.message", ActivityKind.Consumer, parentContext: default);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.message.id", message.MessageId);
        span?.SetTag("messaging.sqs.receive_count", QueuePoller.ReceiveCount(message));
        var done = await HandleAsync(message);
        span?.SetTag("intake.outcome", done ? "done" : "left");
        return done;
    }

    /// <summary>True when the message may be deleted.</summary>
    private async Task<bool> HandleAsync(Message message)
    {
        var parsed = S3EventParser.Parse(message.Body);
        switch (parsed.Kind)
        {
            case S3EventMessageKind.Malformed:
                LogMalformed(message.MessageId, QueuePoller.ReceiveCount(message), parsed.Problem);
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
            LogDeliveryFailed(exception, message.MessageId, QueuePoller.ReceiveCount(message));
            Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.Message);
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
        ObjectCreatedOutcome outcome;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                outcome = await grains.GetGrain<IUploadGrain>(uploadId.Value).RecordObjectCreatedAsync(objectCreated);
                break;
            }
            catch (Exception exception) when (attempt < DependencyAttempts && DependencyFaults.Translate(exception) is not null)
            {
                // The grain's database is away: hold the message (its visibility is extended meanwhile) and offer it
                // again every second, so it lands as soon as the database is back rather than a visibility timeout
                // later, and without spending the message's receives towards the dead-letter queue.
                LogDependencyRetry(uploadId.Value, attempt);
                await Task.Delay(DependencyRetryDelay);
            }
        }

        if (outcome is ObjectCreatedOutcome.UnknownUpload or ObjectCreatedOutcome.Mismatch)
        {
            LogUnmatchedEvent(uploadId.Value, objectCreated.Key, outcome);
        }
    }

    private static void CountMessage(string outcome) =>
        IntakeMetrics.Messages.Add(1, new KeyValuePair<string, object?>(IntakeMetrics.OutcomeTag, outcome));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: a dependency of its grain is unavailable; offering its event again (try {Attempt})")]
    private partial void LogDependencyRetry(Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Count} messages still being handled were made visible again for another silo")]
    private partial void LogHandedBack(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Waiting} files wait for a processing worker; taking no new events until fewer do")]
    private partial void LogBacklogPause(int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sqs:Enabled is false: this silo does not consume {Queue}")]
    private partial void LogDisabled(string queue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} (receive {ReceiveCount}) is not an S3 event: {Problem}; leaving it for the dead-letter queue")]
    private partial void LogMalformed(string messageId, string receiveCount, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (receive {ReceiveCount}) could not be delivered to its upload; it will be retried")]
    private partial void LogDeliveryFailed(Exception exception, string messageId, string receiveCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring object {Bucket}/{Key}: not an upload of this service")]
    private partial void LogNotAnUpload(string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} did not accept the event for {Key}: {Outcome}")]
    private partial void LogUnmatchedEvent(Guid uploadId, string key, ObjectCreatedOutcome outcome);
}
