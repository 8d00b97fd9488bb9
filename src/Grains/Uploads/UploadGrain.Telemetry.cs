using System.Diagnostics;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Intake;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing.Telemetry;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The upload's logging scope around every call, reminder and timer tick it handles, and the spans of its
/// asynchronous hops, each started under the trace context its initiate left in the state.
/// </summary>
public sealed partial class UploadGrain : IIncomingGrainCallFilter
{
    public const string UploadIdTag = "upload.id";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using var scope = BeginLogScope();
        await context.Invoke();
    }

    private async Task InLogScopeAsync(Func<Task> work)
    {
        using var scope = BeginLogScope();
        await work();
    }

    private IDisposable? BeginLogScope() => state.RecordExists && Current.Registration is { } registration
        ? UploadLogScope.Begin(logger, UploadId, registration.TenantId, registration.ProjectId)
        : UploadLogScope.Begin(logger, UploadId);

    /// <summary>Under the initiate's trace, linked to the queue message's own (one message may hold several uploads).</summary>
    private Activity? StartObjectCreatedSpan(ObjectCreated objectCreated)
    {
        var span = IntakeTelemetry.Source.StartUnder("upload.object-created", Current.TraceParent,
            cause: Activity.Current?.Context ?? default);
        span?.SetTag(UploadIdTag, UploadId);
        span?.SetTag("s3.event", objectCreated.EventName);
        span?.SetTag("s3.size", objectCreated.Size);
        return span;
    }

    private Activity? StartNotifySpan(PendingNotification pending)
    {
        var span = UploadTelemetry.Source.StartUnder("upload.notify", Current.TraceParent, ActivityKind.Producer);
        span?.SetTag(UploadIdTag, UploadId);
        span?.SetTag("upload.status", pending.Status.ToWireName());
        span?.SetTag("notification.sequence", pending.Sequence);
        return span;
    }

    private static Activity? StartAttemptSpan(ProcessingJob job)
    {
        var span = ProcessingTelemetry.Source.StartUnder("processing.attempt", job.TraceParent);
        span?.SetTag(UploadIdTag, job.UploadId);
        span?.SetTag("processing.attempt", job.Attempt);
        span?.SetTag(ProcessingMetrics.KindTag, ProcessingStep.KindName(job.ExpectedKind));
        return span;
    }
}
