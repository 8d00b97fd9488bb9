using System.Diagnostics;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing.Telemetry;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// The logs and metrics of an upload's life, from the facts its decisions report, and the spans of its asynchronous
/// hops, each started under the trace context its initiate left in the state.
/// </summary>
public sealed partial class UploadLog(ILogger<UploadLog> logger)
{
    public const string UploadIdTag = "upload.id";

    public IDisposable? BeginScope(Guid uploadId, UploadRegistration? registration) =>
        UploadLogScope.Begin(logger, uploadId, registration?.TenantId, registration?.ProjectId);

    public void Record(Guid uploadId, UploadFact fact)
    {
        switch (fact)
        {
            case ObjectStored stored:
                LogUploaded(uploadId, stored.Size);
                break;
            case EventKeyMismatch mismatch:
                LogKeyMismatch(uploadId, mismatch.EventKey, mismatch.UploadKey);
                break;
            case LateObjectDeleted late:
                UploadMetrics.LateObjectsDeleted.Add(1, StatusTag(late.Status));
                LogLateObjectDeleted(uploadId, late.Status, late.ETag);
                break;
            case ObjectChanged changed:
                UploadMetrics.ObjectsRescanned.Add(1, StatusTag(changed.From));
                LogObjectChanged(uploadId, changed.From, changed.OldETag, changed.NewETag);
                break;
            case RetryScheduled retry:
                ProcessingMetrics.Retries.Add(1);
                LogRetrying(uploadId, retry.Attempt, retry.Delay, retry.Reason);
                break;
            case StaleOutcome stale:
                LogStaleOutcome(uploadId, stale.Attempt, stale.CurrentAttempt, stale.Status);
                break;
            case ReprocessRequested:
                LogReprocessing(uploadId);
                break;
            case Ended ended:
                RecordEnd(uploadId, ended);
                break;
        }
    }

    private void RecordEnd(Guid uploadId, Ended ended)
    {
        UploadMetrics.TerminalStates.Add(1, StatusTag(ended.Status));
        switch (ended.Status)
        {
            case UploadStatus.Completed:
                LogCompleted(uploadId, ended.Attempt);
                break;
            case UploadStatus.Quarantined:
                LogQuarantined(uploadId, ended.Reason);
                break;
            case UploadStatus.Failed:
                ProcessingMetrics.Failures.Add(1, new KeyValuePair<string, object?>(ProcessingMetrics.CodeTag, ended.Code));
                LogFailed(uploadId, ended.Code, ended.Reason);
                break;
            default:
                LogEnded(uploadId, ended.Status);
                break;
        }
    }

    /// <summary>Under the initiate's trace, linked to the queue message's own (one message may hold several uploads).</summary>
    public static Activity? StartObjectCreatedSpan(Guid uploadId, string? traceParent, ObjectCreated objectCreated)
    {
        var span = IntakeTelemetry.Source.StartUnder("upload.object-created", traceParent, cause: Activity.Current?.Context ?? default);
        span?.SetTag(UploadIdTag, uploadId);
        span?.SetTag("s3.event", objectCreated.EventName);
        span?.SetTag("s3.size", objectCreated.Size);
        return span;
    }

    public static Activity? StartNotifySpan(Guid uploadId, string? traceParent, PendingNotification pending)
    {
        var span = UploadTelemetry.Source.StartUnder("upload.notify", traceParent, ActivityKind.Producer);
        span?.SetTag(UploadIdTag, uploadId);
        span?.SetTag("upload.status", pending.Status.ToWireName());
        span?.SetTag("notification.sequence", pending.Sequence);
        return span;
    }

    public static Activity? StartAttemptSpan(ProcessingJob job)
    {
        var span = ProcessingTelemetry.Source.StartUnder("processing.attempt", job.TraceParent);
        span?.SetTag(UploadIdTag, job.UploadId);
        span?.SetTag("processing.attempt", job.Attempt);
        span?.SetTag(ProcessingMetrics.KindTag, ProcessingStep.KindName(job.ExpectedKind));
        return span;
    }

    private static KeyValuePair<string, object?> StatusTag(UploadStatus status) => new(UploadMetrics.StatusTag, status.ToWireName());

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId}: its dependencies answer again; retrying now")]
    public partial void LogWoken(Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} attempt {Attempt} never reported; starting another")]
    public partial void LogAttemptLost(Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is UPLOADED ({Size} bytes)")]
    private partial void LogUploaded(Guid uploadId, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} ignored an event for key {EventKey}; its key is {UploadKey}")]
    private partial void LogKeyMismatch(Guid uploadId, string eventKey, string uploadKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is {Status} and took no more bytes: deleted the late object {ETag}")]
    private partial void LogLateObjectDeleted(Guid uploadId, UploadStatus status, string eTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} ({Status}) has another object at its key ({OldETag} -> {NewETag}): processing it again")]
    private partial void LogObjectChanged(Guid uploadId, UploadStatus status, string? oldETag, string newETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} attempt {Attempt} did not finish; retrying in {Delay}: {Reason}")]
    private partial void LogRetrying(Guid uploadId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} ignored the outcome of attempt {Attempt}: it is at attempt {Current}, {Status}")]
    private partial void LogStaleOutcome(Guid uploadId, int attempt, int current, UploadStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is being processed again on an operator's request")]
    private partial void LogReprocessing(Guid uploadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is COMPLETED (attempt {Attempt})")]
    private partial void LogCompleted(Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is QUARANTINED: {Reason}")]
    private partial void LogQuarantined(Guid uploadId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is FAILED ({Code}): {Reason}")]
    private partial void LogFailed(Guid uploadId, string? code, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is {Status}")]
    private partial void LogEnded(Guid uploadId, UploadStatus status);
}
