using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.WriteOnce;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Object events for an upload past PENDING (see <see cref="LateObjectPolicy"/>): processing is bound to the ETag
/// recorded at UPLOADED, other bytes at the key are scanned again before anything is served, and a late object of
/// an upload that is over is deleted.
/// </summary>
public sealed partial class UploadGrain
{
    private async Task<ObjectCreatedOutcome> RecordLateObjectAsync(ObjectCreated objectCreated)
    {
        var eTag = ETags.Unquote(objectCreated.ETag);
        switch (LateObjectPolicy.Decide(Current.Status, Current.ETag, eTag))
        {
            case LateObjectAction.ContinueProcessing:
                // The event is acknowledged only after this call returns, so a silo lost between the UPLOADED write and
                // the process reminder's registration gets the same event again here: make sure processing goes on.
                if (Current.Status == UploadStatus.Uploaded)
                {
                    await BeginProcessingAsync();
                }

                return ObjectCreatedOutcome.AlreadyRecorded;
            case LateObjectAction.Rescan:
                await RescanAsync(eTag);
                return ObjectCreatedOutcome.Rescanning;
            case LateObjectAction.Delete:
                // Storage first: if it fails, the event is not acknowledged and comes back.
                await multipart.DeleteObjectAsync(Current.S3Key);
                UploadMetrics.LateObjectsDeleted.Add(1,
                    new KeyValuePair<string, object?>(UploadMetrics.StatusTag, Current.Status.ToWireName()));
                LogLateObjectDeleted(UploadId, Current.Status, eTag);
                return ObjectCreatedOutcome.LateObjectDeleted;
            default:
                return ObjectCreatedOutcome.AlreadyRecorded;
        }
    }

    /// <summary>
    /// Binds the upload to the new object and processes it from the start: PROCESSING at once, so a COMPLETED upload
    /// stops handing out links to bytes nobody scanned. The size stays the one recorded (the quota's); the attempt
    /// refuses an object of another size than declared.
    /// </summary>
    private async Task RescanAsync(string eTag)
    {
        var from = Current.Status;
        LogObjectChanged(UploadId, from, Current.ETag, eTag);
        UploadMetrics.ObjectsRescanned.Add(1, new KeyValuePair<string, object?>(UploadMetrics.StatusTag, from.ToWireName()));
        _attemptTimer?.Dispose();
        _attemptTimer = null;
        _running = null;
        Current.ETag = eTag;
        // A new number makes the report of an attempt still reading the old bytes stale; a COMPLETED upload, which has
        // none running, counts its attempts afresh as a reprocess does.
        Current.Attempt = from == UploadStatus.Completed ? 0 : Current.Attempt + 1;
        Current.Status = UploadStatus.Processing;
        Current.Result = null;
        Current.ClearProcessingOutcome();
        await SaveAsync();
        if (from == UploadStatus.Completed)
        {
            await ReopenQuotaAsync();
        }

        await BeginProcessingAsync();
    }

    /// <summary>
    /// A COMPLETED upload's bytes were committed to the project's usage; while other bytes are scanned they count as
    /// a reservation again, so an end as QUARANTINED or FAILED gives them back.
    /// </summary>
    private async Task ReopenQuotaAsync()
    {
        var project = GrainFactory.GetGrain<IProjectGrain>(ProjectKey.Of(Registration.TenantId, Registration.ProjectId));
        try
        {
            await project.ReopenAsync(UploadId, Current.StoredSize ?? Registration.Size);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaReopenFailed(exception, UploadId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} could not give its usage back to its project as a reservation; it stays counted")]
    private partial void LogQuotaReopenFailed(Exception exception, Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} is {Status} and took no more bytes: deleted the late object {ETag}")]
    private partial void LogLateObjectDeleted(Guid uploadId, UploadStatus status, string eTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} ({Status}) has another object at its key ({OldETag} -> {NewETag}): processing it again")]
    private partial void LogObjectChanged(Guid uploadId, UploadStatus status, string? oldETag, string newETag);
}
