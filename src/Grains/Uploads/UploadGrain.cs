using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Storage;
using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.Grains.Uploads.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The single owner of one upload. Its persisted state is the truth; the <c>uploads</c> table is a projection the
/// grain keeps converging to that truth (see docs/architecture.md).
/// </summary>
public sealed partial class UploadGrain(
    [PersistentState("upload", StorageNames.Uploads)] IPersistentState<UploadState> state,
    IUploadUrlSigner urlSigner,
    IUploadRecordStore records,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<UploadGrain> logger) : Grain, IUploadGrain
{
    private static readonly TimeSpan ProjectionRetryPeriod = TimeSpan.FromSeconds(5);
    private IGrainTimer? _projectionRetry;

    private Guid UploadId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A silo may have died between the state write and the table write: catch the row up on every activation.
        if (state.RecordExists)
        {
            await ProjectAsync();
        }
    }

    public async Task<UploadTicket> InitiateAsync(UploadRegistration registration)
    {
        if (state.RecordExists)
        {
            if (state.State.Registration != registration)
            {
                throw new InvalidOperationException($"Upload {UploadId} already exists with another registration.");
            }
        }
        else
        {
            var now = time.GetUtcNow();
            state.State = new UploadState
            {
                Registration = registration,
                S3Key = UploadKey.Build(registration.TenantId, registration.ProjectId, UploadId,
                    FileNameSanitizer.Sanitize(registration.FileName)),
                Status = UploadStatus.Pending,
                CreatedAt = now,
                UrlExpiresAt = now + options.Value.PresignedUrlLifetime,
            };
            await SaveAsync();
        }

        var current = state.State;
        if (current.Status != UploadStatus.Pending)
        {
            throw new InvalidOperationException($"Upload {UploadId} is {current.Status.ToWireName()}; it takes no more bytes.");
        }

        var expiresAt = time.GetUtcNow() + options.Value.PresignedUrlLifetime;
        var url = await urlSigner.SignPutAsync(current.S3Key, registration.ContentType, expiresAt);
        return new UploadTicket(UploadId, registration.FileName, registration.Size, UploadMethod.Put, url, expiresAt);
    }

    public async Task<ObjectCreatedOutcome> RecordObjectCreatedAsync(ObjectCreated objectCreated)
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            return ObjectCreatedOutcome.UnknownUpload;
        }

        var current = state.State;
        if (!string.Equals(objectCreated.Key, current.S3Key, StringComparison.Ordinal))
        {
            LogKeyMismatch(UploadId, objectCreated.Key, current.S3Key);
            return ObjectCreatedOutcome.Mismatch;
        }

        // S3 delivers at least once and in any order: only the first event for a PENDING upload moves it on.
        if (current.Status != UploadStatus.Pending)
        {
            return ObjectCreatedOutcome.AlreadyRecorded;
        }

        current.Status = UploadStatus.Uploaded;
        current.StoredSize = objectCreated.Size;
        current.ETag = objectCreated.ETag.Trim('"');
        current.UploadedAt = objectCreated.EventTime;
        await SaveAsync();
        LogUploaded(UploadId, objectCreated.Size);
        return ObjectCreatedOutcome.Recorded;
    }

    public Task<UploadStatusView?> GetStatusAsync(string tenantId)
    {
        if (!state.RecordExists || state.State.Registration?.TenantId != tenantId)
        {
            // Unknown or another tenant's: the caller learns nothing, and no activation lingers for it.
            DeactivateOnIdle();
            return Task.FromResult<UploadStatusView?>(null);
        }

        var current = state.State;
        var registration = current.Registration!;
        return Task.FromResult<UploadStatusView?>(new UploadStatusView(
            UploadId,
            registration.ProjectId,
            registration.FileName,
            current.Status,
            registration.Size,
            current.StoredSize,
            ThumbnailUrl: null,
            current.CreatedAt,
            current.UploadedAt,
            current.ProcessedAt,
            current.Error));
    }

    /// <summary>Makes the new state durable first, then brings the table up to it.</summary>
    private async Task SaveAsync()
    {
        state.State.Version++;
        await state.WriteStateAsync();
        await ProjectAsync();
    }

    private async Task ProjectAsync()
    {
        try
        {
            await records.UpsertAsync(ToRecord(state.State));
            _projectionRetry?.Dispose();
            _projectionRetry = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The grain state is already durable, so the upload is safe; the table catches up when the database is back.
            LogProjectionFailed(exception, UploadId);
            _projectionRetry ??= this.RegisterGrainTimer(
                _ => ProjectAsync(),
                new GrainTimerCreationOptions(ProjectionRetryPeriod, ProjectionRetryPeriod) { KeepAlive = true });
        }
    }

    private UploadRecord ToRecord(UploadState current)
    {
        var registration = current.Registration!;
        return new UploadRecord(
            UploadId,
            registration.TenantId,
            registration.ProjectId,
            registration.UserId,
            registration.FileName,
            current.S3Key,
            registration.ContentType,
            current.StoredSize ?? registration.Size,
            current.Status.ToWireName(),
            current.Error,
            current.ETag,
            current.CreatedAt,
            current.UploadedAt,
            current.ProcessedAt,
            current.Version);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is UPLOADED ({Size} bytes)")]
    private partial void LogUploaded(Guid uploadId, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} ignored an event for key {EventKey}; its key is {UploadKey}")]
    private partial void LogKeyMismatch(Guid uploadId, string eventKey, string uploadKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} could not update the uploads table; retrying")]
    private partial void LogProjectionFailed(Exception exception, Guid uploadId);
}
