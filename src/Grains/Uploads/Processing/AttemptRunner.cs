using BuildPeer.Grains.Faults;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing.Telemetry;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// Runs one processing attempt off the grain's turn, on the silo's worker pool, and delivers its outcome back to the
/// upload's grain, however long the grain's database is away.
/// </summary>
public sealed partial class AttemptRunner(ProcessingWorkerPool workers, UploadProcessor processor, ILogger<AttemptRunner> logger)
{
    /// <summary>Reports offered about once a second while the grain's storage is unavailable: ten minutes' worth.</summary>
    private const int DependencyDeliveries = 600;

    /// <summary>Detached on purpose: the grain turn that starts it ends at once and the outcome comes back as a call.</summary>
    public Task Start(ProcessingJob job, IUploadProcessingCallback callback) => Task.Run(() => RunAsync(job, callback));

    private async Task RunAsync(ProcessingJob job, IUploadProcessingCallback callback)
    {
        using var scope = UploadLogScope.Begin(logger, job.UploadId, job.TenantId, job.ProjectId);
        using var attempt = UploadLog.StartAttemptSpan(job);
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
                LogReportRetry(exception, job.UploadId, delivery);
                await Task.Delay(DependencyFaults.Translate(exception) is not null ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(delivery));
            }
            catch (Exception exception)
            {
                // The processing reminder starts a new attempt; its outputs overwrite this one's.
                LogReportLost(exception, job.UploadId, job.Attempt);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: reporting the outcome failed (try {Delivery}); trying again")]
    private partial void LogReportRetry(Exception exception, Guid uploadId, int delivery);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId}: the outcome of attempt {Attempt} could not be reported; the reminder will start another")]
    private partial void LogReportLost(Exception exception, Guid uploadId, int attempt);
}
