using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Faults;
using BuildPeer.Grains.Processing;
using BuildPeer.Grains.Processing.Content;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Validation;
using BuildPeer.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Processing, driven by the grain: each attempt is numbered and made durable before it starts, runs on the worker
/// pool (never on a grain turn), and reports back through <see cref="IUploadProcessingCallback"/>. Only the newest
/// attempt's report counts, outputs have keys of the upload's own, and the terminal state and its notification are
/// written together: duplicate events, retries and a silo lost mid-attempt therefore never give a second set of
/// outputs or a second notification. A reminder carries all of it across restarts.
/// </summary>
public sealed partial class UploadGrain
{
    private const string ProcessingReminder = "process";

    /// <summary>The attempt this activation handed to the pool and has not heard back from, and its worker task.</summary>
    private (int Attempt, Task Worker)? _running;

    private IGrainTimer? _attemptTimer;

    /// <summary>Reports offered about once a second while the grain's storage is unavailable: ten minutes' worth.</summary>
    private const int DependencyDeliveries = 600;

    public async Task FinishAttemptAsync(int attempt, ProcessingOutcome outcome)
    {
        if (!state.RecordExists || attempt != Current.Attempt || Current.Status != UploadStatus.Processing)
        {
            LogStaleOutcome(UploadId, attempt, Current.Attempt, Current.Status);
            return;
        }

        _running = null;
        Current.WorkerLosses = WorkerLosses.Settled(Current.WorkerLosses, outcome.Kind);
        switch (outcome.Kind)
        {
            case ProcessingOutcomeKind.Completed:
                await FinishAsync(UploadStatus.Completed, upload =>
                {
                    upload.Result = outcome.Result;
                    upload.Error = null;
                    upload.ErrorCode = null;
                });
                LogCompleted(UploadId, attempt);
                break;
            case ProcessingOutcomeKind.Quarantined:
                await FinishAsync(UploadStatus.Quarantined, upload =>
                {
                    upload.Result = outcome.Result;
                    upload.Error = outcome.Reason;
                    upload.ErrorCode = ErrorCodes.MalwareFound;
                });
                LogQuarantined(UploadId, outcome.Result?.VirusSignature);
                break;
            case ProcessingOutcomeKind.Failed:
                await FailAsync(outcome.ErrorCode ?? ErrorCodes.RetriesExhausted, outcome.Reason, outcome.Result);
                break;
            case ProcessingOutcomeKind.WorkerLost:
                Current.WorkerLossCode = outcome.ErrorCode;
                if (WorkerLosses.Exhausted(Current.WorkerLosses, processingOptions.Value.MaxWorkerLosses))
                {
                    await FailAsync(outcome.ErrorCode ?? ErrorCodes.ResourceLimit, outcome.Reason, outcome.Result);
                }
                else
                {
                    await RetryLaterAsync(outcome.Reason ?? "The parser worker was lost.");
                }

                break;
            default:
                await RetryLaterAsync(outcome.Reason ?? "The attempt did not finish.");
                break;
        }
    }

    public async Task<UploadCommandResult> ReprocessAsync()
    {
        if (!state.RecordExists)
        {
            return new UploadCommandResult(UploadStatus.Pending, ErrorCodes.UploadNotFound, "No such upload.");
        }

        if (!UploadStateMachine.CanReprocess(Current.Status))
        {
            return new UploadCommandResult(Current.Status, ErrorCodes.InvalidTransition,
                $"An upload that is {Current.Status.ToWireName()} cannot be processed again; only COMPLETED and FAILED ones can.");
        }

        if (Current.Status == UploadStatus.Failed)
        {
            // FAILED gave its quota back; a file that may now complete must find room again, like a new upload.
            var project = GrainFactory.GetGrain<IProjectGrain>(ProjectKey.Of(Registration.TenantId, Registration.ProjectId));
            var reservation = await project.ReserveAsync([new Reservation(UploadId, Current.StoredSize ?? Registration.Size)]);
            if (!reservation.Granted)
            {
                return new UploadCommandResult(Current.Status, reservation.RefusalCode, reservation.Detail);
            }
        }

        Current.Status = UploadStatus.Processing;
        Current.Attempt = 0;
        Current.ClearProcessingOutcome();
        await SaveAsync();
        LogReprocessing(UploadId);
        await BeginProcessingAsync();
        return UploadCommandResult.Ok(Current.Status);
    }

    /// <summary>Called once UPLOADED (or a reprocess) is durable: the reminder first, so a crash cannot strand the upload.</summary>
    private async Task BeginProcessingAsync()
    {
        var period = processingOptions.Value.ReminderPeriod;
        await this.RegisterOrUpdateReminder(ProcessingReminder, period, period);
        ScheduleAttempt(TimeSpan.Zero);
    }

    private async Task OnProcessingReminderAsync()
    {
        if (!state.RecordExists)
        {
            await this.UnregisterReminderIfAnyAsync(ProcessingReminder);
            return;
        }

        if (Current.Status is UploadStatus.Uploaded or UploadStatus.Processing)
        {
            if (_running is { } running && running.Worker.IsCompleted)
            {
                // The worker finished but its report never arrived (every delivery failed): start another. A worker
                // still queued or running is left alone however long a burst keeps it waiting.
                LogAttemptLost(UploadId, running.Attempt);
                _running = null;
            }

            if (_running is null)
            {
                await StartAttemptAsync();
            }

            return;
        }

        await PublishOutboxAsync();
        if (Current.Outbox.Count == 0)
        {
            await this.UnregisterReminderIfAnyAsync(ProcessingReminder);
        }
    }

    private void ScheduleAttempt(TimeSpan dueIn)
    {
        _attemptTimer?.Dispose();
        _attemptTimer = this.RegisterGrainTimer(
            _ => InLogScopeAsync(StartAttemptAsync),
            new GrainTimerCreationOptions(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task StartAttemptAsync()
    {
        if (_running is not null || Current.Status is not (UploadStatus.Uploaded or UploadStatus.Processing))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (Current.NextAttemptAt is { } next && next > now)
        {
            ScheduleAttempt(next - now);
            return;
        }

        if (Current.Attempt >= processingOptions.Value.MaxAttempts)
        {
            await FailAsync(ErrorCodes.RetriesExhausted,
                $"Processing failed {Current.Attempt} times; the last error: {Current.LastAttemptError}", Current.Result);
            return;
        }

        if (WorkerLosses.Exhausted(Current.WorkerLosses, processingOptions.Value.MaxWorkerLosses))
        {
            // The file killed or stalled a worker, or took a silo down with it, that many times: never again.
            await FailAsync(Current.WorkerLossCode ?? ErrorCodes.ResourceLimit,
                $"Processing this file was lost {Current.WorkerLosses} times (a worker killed or stalled, or its silo lost); " +
                $"it is not tried again. The last error: {Current.LastAttemptError}", Current.Result);
            return;
        }

        Waiting.Remove(UploadId);
        Current.Attempt++;
        Current.WorkerLosses = WorkerLosses.Presumed(Current.WorkerLosses);
        Current.NextAttemptAt = null;
        if (Current.Status == UploadStatus.Uploaded)
        {
            await MoveAsync(UploadStatus.Processing);
        }
        else
        {
            await SaveAsync();
        }

        var job = new ProcessingJob(UploadId, Current.Attempt, Registration.TenantId, Registration.ProjectId, Current.S3Key,
            Registration.FileName, Registration.Size, ExpectedKind(), Registration.ChecksumSha256, Current.TraceParent, Current.ETag);
        var callback = this.AsReference<IUploadProcessingCallback>();
        // Detached on purpose: the grain turn ends here and the worker calls back when it is done.
        _running = (job.Attempt, Task.Run(() => RunAttemptAsync(job, callback, workers, processor, logger)));
    }

    private ContentKind ExpectedKind() =>
        ContentSniffer.ExpectedFor(FileTypeCatalog.ExtensionOf(Registration.FileName))
        ?? throw new InvalidOperationException($"Upload {UploadId} has a file type initiate should have refused.");

    private static async Task RunAttemptAsync(ProcessingJob job, IUploadProcessingCallback callback,
        ProcessingWorkerPool workers, UploadProcessor processor, ILogger logger)
    {
        using var scope = UploadLogScope.Begin(logger, job.UploadId, job.TenantId, job.ProjectId);
        using var attempt = StartAttemptSpan(job);
        ProcessingOutcome outcome;
        try
        {
            outcome = await workers.RunAsync(token => AttemptTelemetry.MeasureAsync(job, () => processor.ProcessAsync(job, token)),
                CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The silo stopped before a worker was free: handed back, to be retried after the backoff (here or, once
            // this activation is gone, wherever the reminder wakes the upload).
            outcome = ProcessingOutcome.Retry("The silo stopped before the attempt could start.");
        }

        AttemptTelemetry.RecordOutcome(attempt, outcome);
        using var complete = ProcessingStep.Start(ProcessingStep.Complete, job.ExpectedKind);
        for (var delivery = 1; ; delivery++)
        {
            try
            {
                await callback.FinishAttemptAsync(job.Attempt, outcome);
                return;
            }
            catch (Exception exception) when (delivery < 5 || (DependencyFaults.Translate(exception) is not null && delivery < DependencyDeliveries))
            {
                // The grain's database away (it cannot write or even load its state): keep the outcome and offer it
                // every second, so it lands as soon as the database is back rather than an attempt later.
                LogReportRetry(logger, exception, job.UploadId, delivery);
                await Task.Delay(DependencyFaults.Translate(exception) is not null ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(delivery));
            }
            catch (Exception exception)
            {
                // The reminder starts a new attempt; its outputs overwrite this one's.
                LogReportLost(logger, exception, job.UploadId, job.Attempt);
                return;
            }
        }
    }

    private async Task RetryLaterAsync(string reason)
    {
        Current.LastAttemptError = reason;
        if (Current.Attempt >= processingOptions.Value.MaxAttempts)
        {
            await FailAsync(ErrorCodes.RetriesExhausted,
                $"Processing failed {Current.Attempt} times; the last error: {reason}", Current.Result);
            return;
        }

        ProcessingMetrics.Retries.Add(1);
        var options = processingOptions.Value;
        var delay = RetrySchedule.DelayAfter(Current.Attempt, options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared.NextDouble());
        Current.NextAttemptAt = time.GetUtcNow() + delay;
        await SaveAsync();
        LogRetrying(UploadId, Current.Attempt, delay, reason);
        ScheduleAttempt(delay);
        Waiting.Add(UploadId);
    }

    private async Task FailAsync(string code, string? reason, ProcessingResult? partial)
    {
        await FinishAsync(UploadStatus.Failed, upload =>
        {
            upload.Result = partial ?? upload.Result;
            upload.ErrorCode = code;
            upload.Error = reason;
        });
        ProcessingMetrics.Failures.Add(1, new KeyValuePair<string, object?>(ProcessingMetrics.CodeTag, code));
        LogFailed(UploadId, code, reason);
    }

    /// <summary>The terminal state and the notification announcing it, in one durable write; then the announcement.</summary>
    private async Task FinishAsync(UploadStatus terminal, Action<UploadState> apply)
    {
        _attemptTimer?.Dispose();
        _attemptTimer = null;
        Waiting.Remove(UploadId);
        var result = await MoveAsync(terminal, upload =>
        {
            apply(upload);
            upload.ProcessedAt = time.GetUtcNow();
            upload.NextAttemptAt = null;
            upload.NotificationCount++;
            upload.Outbox.Add(new PendingNotification(upload.NotificationCount, terminal, upload.ProcessedAt.Value));
        });
        if (!result.Succeeded)
        {
            return;
        }

        await PublishOutboxAsync();
        if (Current.Outbox.Count == 0)
        {
            await this.UnregisterReminderIfAnyAsync(ProcessingReminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is COMPLETED (attempt {Attempt})")]
    private partial void LogCompleted(Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is QUARANTINED: {Signature}")]
    private partial void LogQuarantined(Guid uploadId, string? signature);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is FAILED ({Code}): {Reason}")]
    private partial void LogFailed(Guid uploadId, string code, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} attempt {Attempt} did not finish; retrying in {Delay}: {Reason}")]
    private partial void LogRetrying(Guid uploadId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} ignored the outcome of attempt {Attempt}: it is at attempt {Current}, {Status}")]
    private partial void LogStaleOutcome(Guid uploadId, int attempt, int current, UploadStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} attempt {Attempt} never reported; starting another")]
    private partial void LogAttemptLost(Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is being processed again on an operator's request")]
    private partial void LogReprocessing(Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: reporting the outcome failed (try {Delivery}); trying again")]
    private static partial void LogReportRetry(ILogger logger, Exception exception, Guid uploadId, int delivery);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId}: the outcome of attempt {Attempt} could not be reported; the reminder will start another")]
    private static partial void LogReportLost(ILogger logger, Exception exception, Guid uploadId, int attempt);
}
