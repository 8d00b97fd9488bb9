using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Grains.Uploads.Processing.Recovery;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// What keeps processing and its announcements going: the attempt this activation runs (in memory; the durable
/// attempt number makes any other report stale), timers for what is soon, the processing reminder for what must
/// survive a restart, and the outbox published until the topic accepts it.
/// </summary>
public sealed partial class UploadGrain : IUploadProcessingCallback
{
    private const string LegacyExpiryReminder = "expire";
    private const string ProcessingReminder = "process";

    /// <summary>The attempt handed to the worker pool and not heard back from, and its worker task.</summary>
    private (int Attempt, Task Worker)? _running;

    private IGrainTimer? _attemptTimer;
    private IGrainTimer? _outboxRetry;

    private WaitingUploads Waiting => ServiceProvider.GetRequiredService<WaitingUploads>();

    public async Task FinishAttemptAsync(int attempt, ProcessingOutcome outcome)
    {
        var decision = lifecycle.FinishAttempt(Current, attempt, outcome);
        if (decision.Writes)
        {
            _running = null;
        }

        await RunAsync(decision);
    }

    /// <summary>A dependency answers again: an upload waiting out a backoff tries now (memory only until it starts).</summary>
    public Task WakeAsync()
    {
        Waiting.Remove(UploadId);
        if (_running is null && Current is { Status: UploadStatus.Uploaded or UploadStatus.Processing })
        {
            log.LogWoken(UploadId);
            ScheduleAttempt(TimeSpan.Zero, woken: true);
        }

        return Task.CompletedTask;
    }

    private async Task RunProcessingEffectAsync(UploadEffect effect)
    {
        switch (effect)
        {
            case BeginProcessing begin:
                // The reminder first, so a crash cannot strand the upload between its write and its attempt.
                await this.RegisterOrUpdateReminder(ProcessingReminder, begin.ReminderPeriod, begin.ReminderPeriod);
                ScheduleAttempt(TimeSpan.Zero);
                break;
            case KeepProcessing:
                if (_running is { Worker.IsCompleted: true } lost)
                {
                    // Its worker finished but the report never arrived (every delivery failed): start another.
                    log.LogAttemptLost(UploadId, lost.Attempt);
                    _running = null;
                }

                await StartAttemptAsync(woken: false);
                break;
            case RetryAttemptLater retry:
                ScheduleAttempt(retry.Delay);
                Waiting.Add(UploadId);
                break;
            case RunAttempt run:
                Waiting.Remove(UploadId);
                _running = (run.Job.Attempt, runner.Start(run.Job, this.AsReference<IUploadProcessingCallback>()));
                break;
            case CancelAttempt:
                _attemptTimer?.Dispose();
                _attemptTimer = null;
                _running = null;
                Waiting.Remove(UploadId);
                break;
            case PublishOutbox publish:
                await PublishOutboxAsync(publish.RetryPeriod);
                break;
            case StopProcessing:
                await this.UnregisterReminderIfAnyAsync(ProcessingReminder);
                break;
            default:
                throw new InvalidOperationException($"Upload {UploadId} has no way to run {effect}.");
        }
    }

    private async Task StartAttemptAsync(bool woken)
    {
        if (_running is null)
        {
            await RunAsync(lifecycle.StartAttempt(Current, UploadId, woken));
        }
    }

    private void ScheduleAttempt(TimeSpan dueIn, bool woken = false)
    {
        _attemptTimer?.Dispose();
        _attemptTimer = this.RegisterGrainTimer(
            _ => InScopeAsync(() => StartAttemptAsync(woken)),
            new GrainTimerCreationOptions(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>
    /// One announcement at a time, each leaving the outbox only once the topic accepted it. A crash in between repeats
    /// one; its notification id lets subscribers drop the repeat.
    /// </summary>
    private async Task PublishOutboxAsync(TimeSpan retryPeriod)
    {
        while (Current is { Outbox: [var pending, ..] } upload)
        {
            if (!await announcer.AnnounceAsync(UploadId, upload, pending))
            {
                // Soon, in memory; the processing reminder is the backstop if this activation goes away.
                _outboxRetry ??= this.RegisterGrainTimer(_ => InScopeAsync(() => PublishOutboxAsync(retryPeriod)),
                    new GrainTimerCreationOptions(retryPeriod, retryPeriod) { KeepAlive = true });
                return;
            }

            await RunAsync(lifecycle.Announced(upload, pending.Sequence));
        }

        _outboxRetry?.Dispose();
        _outboxRetry = null;
        if (Current is not { Status: UploadStatus.Uploaded or UploadStatus.Processing })
        {
            await this.UnregisterReminderIfAnyAsync(ProcessingReminder);
        }
    }

    private async Task InScopeAsync(Func<Task> work)
    {
        using var scope = log.BeginScope(UploadId, Current?.Registration);
        await work();
    }
}
