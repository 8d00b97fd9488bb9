using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Reminders;
using BuildPeer.Grains.Storage;
using BuildPeer.Grains.Storage.Multipart;
using StoredPart = BuildPeer.Grains.Storage.Multipart.CompletedPart;
using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.Grains.Uploads.Records;
using BuildPeer.Grains.Processing.Notifications;
using BuildPeer.Grains.Processing.Pipeline;
using BuildPeer.Grains.StatusCache;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The single owner of one upload. Its persisted state is the truth; the <c>uploads</c> table is a projection the
/// grain keeps converging to that truth, and the project's quota is settled when the upload ends (see
/// docs/architecture.md). Every change goes through <see cref="UploadStateMachine"/>.
/// </summary>
public sealed partial class UploadGrain(
    [PersistentState("upload", StorageNames.Uploads)] IPersistentState<UploadState> state,
    IUploadUrlSigner urlSigner,
    IMultipartStorage multipart,
    IUploadRecordStore records,
    IUploadStatusInvalidator statusCache,
    ProcessingWorkerPool workers,
    UploadProcessor processor,
    INotificationPublisher notifications,
    IOptions<UploadOptions> options,
    IOptions<ProcessingOptions> processingOptions,
    TimeProvider time,
    ILogger<UploadGrain> logger) : Grain, IUploadGrain, IUploadProcessingCallback, IRemindable
{
    private const string ExpiryReminder = "expire";
    private static readonly TimeSpan ProjectionRetryPeriod = TimeSpan.FromSeconds(5);
    private IGrainTimer? _projectionRetry;

    private Guid UploadId => this.GetPrimaryKey();

    private UploadState Current => state.State;

    private UploadRegistration Registration => Current.Registration!;

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
            if (Registration != registration)
            {
                throw new InvalidOperationException($"Upload {UploadId} already exists with another registration.");
            }

            if (Current.Status != UploadStatus.Pending)
            {
                throw new InvalidOperationException($"Upload {UploadId} is {Current.Status.ToWireName()}; it takes no more bytes.");
            }

            // Asked again (a retry): fresh URLs, and the expiry moves with them.
            Current.UrlExpiresAt = time.GetUtcNow() + options.Value.PresignedUrlLifetime;
            await SaveAsync();
            await ScheduleExpiryAsync();
        }
        else
        {
            await CreateAsync(registration);
        }

        return await IssueTicketAsync();
    }

    public async Task<ObjectCreatedOutcome> RecordObjectCreatedAsync(ObjectCreated objectCreated)
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            return ObjectCreatedOutcome.UnknownUpload;
        }

        using var span = StartObjectCreatedSpan(objectCreated);
        if (!string.Equals(objectCreated.Key, Current.S3Key, StringComparison.Ordinal))
        {
            LogKeyMismatch(UploadId, objectCreated.Key, Current.S3Key);
            return ObjectCreatedOutcome.Mismatch;
        }

        // S3 delivers at least once and in any order, and a completed multipart upload is already UPLOADED when
        // its event arrives: only the first word for a PENDING upload moves it on; later ones are checked against it.
        if (Current.Status != UploadStatus.Pending)
        {
            return await RecordLateObjectAsync(objectCreated);
        }

        await MoveAsync(UploadStatus.Uploaded, upload =>
        {
            upload.StoredSize = objectCreated.Size;
            upload.ETag = objectCreated.ETag.Trim('"');
            upload.UploadedAt = objectCreated.EventTime;
        });
        LogUploaded(UploadId, objectCreated.Size);
        await BeginProcessingAsync();
        return ObjectCreatedOutcome.Recorded;
    }

    public async Task<UploadStatusView?> GetStatusAsync(string tenantId)
    {
        if (!state.RecordExists || Registration.TenantId != tenantId)
        {
            // Unknown or another tenant's: the caller learns nothing, and no activation lingers for it.
            DeactivateOnIdle();
            return null;
        }

        var links = await ReadLinksAsync();
        return new UploadStatusView(
            UploadId, Registration.ProjectId, Registration.FileName, Current.Status, Registration.Size, Current.StoredSize,
            links.Thumbnail?.ToString(), Current.CreatedAt, Current.UploadedAt, Current.ProcessedAt, Current.Error,
            Registration.ContentType, Registration.UserId, Current.Method, Current.ETag, Current.UrlExpiresAt,
            Current.ErrorCode, links.Download?.ToString(), UploadMetadataDocument.Build(Current));
    }

    public Task<UploadLifecycle?> GetLifecycleAsync() =>
        Task.FromResult(state.RecordExists ? new UploadLifecycle(Current.Status, Current.StoredSize) : null);

    public async Task<UploadCommandResult> CompleteMultipartAsync(IReadOnlyList<Abstractions.Uploads.CompletedPart> parts)
    {
        if (RefuseUnlessMultipart() is { } refusal)
        {
            return refusal;
        }

        // A client retrying its complete after a timeout finds the upload already UPLOADED, or further along: the
        // same answer again.
        if (Current.Status is not (UploadStatus.Pending or UploadStatus.Expired or UploadStatus.Aborted))
        {
            return UploadCommandResult.Ok(Current.Status);
        }

        if (Current.Status != UploadStatus.Pending)
        {
            return Refused(UploadStatus.Uploaded);
        }

        var check = MultipartCompletionCheck.Check(Current.PartCount,
            parts.Select(part => new StoredPart(part.PartNumber, part.ETag)).ToList());
        if (!check.IsValid)
        {
            return new UploadCommandResult(Current.Status, ErrorCodes.InvalidParts, check.Problem.Detail);
        }

        var completion = await multipart.CompleteAsync(Current.S3Key, Current.S3UploadId!, check.Parts);
        if (!completion.Succeeded)
        {
            // Bad parts the client can correct; an upload S3 no longer knows it cannot.
            var code = completion.Outcome == MultipartCompletionOutcome.UploadNotFound
                ? ErrorCodes.MultipartUploadNotFound
                : ErrorCodes.InvalidParts;
            return new UploadCommandResult(Current.Status, code, completion.Problem!.Detail);
        }

        var moved = await MoveAsync(UploadStatus.Uploaded, upload =>
        {
            upload.StoredSize = completion.Object.Size;
            upload.ETag = completion.Object.ETag.Trim('"');
            upload.UploadedAt = time.GetUtcNow();
        });
        LogUploaded(UploadId, completion.Object.Size);
        await BeginProcessingAsync();
        return moved;
    }

    public async Task<PartUrlsResult> RefreshPartUrlsAsync(IReadOnlyList<int> partNumbers)
    {
        if (RefuseUnlessMultipart() is { } refusal)
        {
            return PartUrlsResult.Refused(refusal.RefusalCode!, refusal.Detail!);
        }

        if (Current.Status != UploadStatus.Pending)
        {
            return PartUrlsResult.Refused(ErrorCodes.InvalidTransition,
                $"The upload is {Current.Status.ToWireName()}; it takes no more parts.");
        }

        var unknown = partNumbers.Where(number => number < 1 || number > Current.PartCount).ToList();
        if (partNumbers.Count == 0 || unknown.Count > 0)
        {
            return PartUrlsResult.Refused(ErrorCodes.InvalidParts,
                $"Part numbers must be between 1 and {Current.PartCount}; got {string.Join(", ", unknown)}.");
        }

        // Fresh URLs push the expiry back: a phone that was offline for an hour resumes instead of starting over.
        Current.UrlExpiresAt = time.GetUtcNow() + options.Value.PresignedUrlLifetime;
        await SaveAsync();
        await ScheduleExpiryAsync();
        var plan = MultipartPlan.For(Registration.Size, Current.PartSize);
        var signed = await multipart.SignPartsAsync(Current.S3Key, Current.S3UploadId!,
            partNumbers.Distinct().Order().Select(plan.Part), Current.UrlExpiresAt);
        return new PartUrlsResult(signed.Select(part => new PartUrl(part.PartNumber, part.Url)).ToList(), Current.UrlExpiresAt, null, null);
    }

    public async Task<UploadCommandResult> AbortAsync()
    {
        if (!state.RecordExists)
        {
            return new UploadCommandResult(UploadStatus.Aborted, ErrorCodes.UploadNotFound, "No such upload.");
        }

        if (UploadStateMachine.Classify(Current.Status, UploadStatus.Aborted) == TransitionKind.Refused)
        {
            return Refused(UploadStatus.Aborted);
        }

        if (Current.Status == UploadStatus.Pending)
        {
            await RemoveFromStorageAsync();
        }

        return await MoveAsync(UploadStatus.Aborted);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ProcessingReminder)
        {
            await OnProcessingReminderAsync();
            return;
        }

        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (state.RecordExists && Current.Status == UploadStatus.Pending)
        {
            if (time.GetUtcNow() < Current.UrlExpiresAt + options.Value.ExpiryGracePeriod)
            {
                return;
            }

            // Storage first: if it fails, the reminder comes back and the upload is still PENDING to retry.
            await RemoveFromStorageAsync();
            await MoveAsync(UploadStatus.Expired, upload => upload.Error = "The upload was not finished before its URLs expired.");
            LogExpired(UploadId);
        }

        await this.UnregisterReminderIfAnyAsync(ExpiryReminder);
    }

    private async Task CreateAsync(UploadRegistration registration)
    {
        var now = time.GetUtcNow();
        var upload = new UploadState
        {
            Registration = registration,
            S3Key = UploadKey.Build(registration.TenantId, registration.ProjectId, UploadId,
                FileNameSanitizer.Sanitize(registration.FileName)),
            Status = UploadStatus.Pending,
            CreatedAt = now,
            UrlExpiresAt = now + options.Value.PresignedUrlLifetime,
            TraceParent = TraceContexts.CurrentTraceParent(),
        };

        if (registration.Size > options.Value.SinglePutMaxSizeBytes)
        {
            var plan = MultipartPlan.For(registration.Size, options.Value.PartSizeBytes);
            upload.PartSize = plan.PartSize;
            upload.PartCount = plan.PartCount;
            upload.S3UploadId = await multipart.StartAsync(upload.S3Key, registration.ContentType);
        }

        state.State = upload;
        await SaveAsync();
        await ScheduleExpiryAsync();
    }

    private async Task<UploadTicket> IssueTicketAsync()
    {
        var expiresAt = Current.UrlExpiresAt;
        if (Current.Method == UploadMethod.Put)
        {
            var put = await urlSigner.SignPutAsync(Current.S3Key, Registration.ContentType, Registration.Size, expiresAt);
            return new UploadTicket(UploadId, Registration.FileName, Registration.Size, UploadMethod.Put, put.Url, expiresAt,
                Headers: put.Headers);
        }

        // Parts take no content type and no condition (S3's complete carries the If-None-Match), only their length.
        var plan = MultipartPlan.For(Registration.Size, Current.PartSize);
        var parts = await multipart.SignPartsAsync(Current.S3Key, Current.S3UploadId!, plan.Parts, expiresAt);
        return new UploadTicket(UploadId, Registration.FileName, Registration.Size, UploadMethod.Multipart, null, expiresAt,
            Current.S3UploadId, Current.PartSize, parts.Select(part => new PartUrl(part.PartNumber, part.Url)).ToList(),
            new Dictionary<string, string>());
    }

    /// <summary>Applies one move of the state machine, makes it durable, and settles the quota if the upload ended.</summary>
    private async Task<UploadCommandResult> MoveAsync(UploadStatus to, Action<UploadState>? apply = null)
    {
        switch (UploadStateMachine.Classify(Current.Status, to))
        {
            case TransitionKind.Repeat:
                return UploadCommandResult.Ok(to);
            case TransitionKind.Refused:
                return Refused(to);
        }

        apply?.Invoke(Current);
        Current.Status = to;
        await SaveAsync();
        if (to.IsTerminal())
        {
            UploadMetrics.TerminalStates.Add(1, new KeyValuePair<string, object?>(UploadMetrics.StatusTag, to.ToWireName()));
            await SettleQuotaAsync();
        }

        return UploadCommandResult.Ok(to);
    }

    private UploadCommandResult Refused(UploadStatus to) => new(Current.Status, ErrorCodes.InvalidTransition,
        $"An upload that is {Current.Status.ToWireName()} cannot become {to.ToWireName()}.");

    private UploadCommandResult? RefuseUnlessMultipart()
    {
        if (!state.RecordExists)
        {
            return new UploadCommandResult(UploadStatus.Pending, ErrorCodes.UploadNotFound, "No such upload.");
        }

        return Current.Method != UploadMethod.Multipart
            ? new UploadCommandResult(Current.Status, ErrorCodes.NotMultipart, "This upload is a single PUT, not a multipart upload.")
            : null;
    }

    /// <summary>Removes whatever a PENDING upload left in storage: an unfinished multipart upload, a late object.</summary>
    private async Task RemoveFromStorageAsync()
    {
        if (Current.S3UploadId is not null)
        {
            await multipart.AbortAsync(Current.S3Key, Current.S3UploadId);
        }

        await multipart.DeleteObjectAsync(Current.S3Key);
    }

    private async Task ScheduleExpiryAsync()
    {
        var dueIn = Current.UrlExpiresAt + options.Value.ExpiryGracePeriod - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(ExpiryReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, options.Value.ExpiryRetryPeriod);
    }

    /// <summary>
    /// Tells the project the upload ended. If the call is lost the project's own reconciliation settles it later,
    /// so a failure here is logged, not retried.
    /// </summary>
    private async Task SettleQuotaAsync()
    {
        var project = GrainFactory.GetGrain<IProjectGrain>(ProjectKey.Of(Registration.TenantId, Registration.ProjectId));
        try
        {
            if (Current.Status == UploadStatus.Completed)
            {
                await project.CommitAsync(UploadId, Current.StoredSize ?? Registration.Size);
            }
            else
            {
                await project.ReleaseAsync(UploadId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaSettleFailed(exception, UploadId);
        }
    }

    /// <summary>Makes the new state durable first, then brings the table, the status cache and the push feed up to it.</summary>
    private async Task SaveAsync()
    {
        Current.Version++;
        Current.ChangedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory ran ahead of storage (the database is away): start again from what is durable. Whoever called
            // retries (the worker's report, the queue, the client), and the new activation finds the same step to take.
            DeactivateOnIdle();
            throw;
        }

        await ProjectAsync();
        await statusCache.InvalidateAsync(UploadId);
        await PublishChangeAsync();
    }

    private async Task ProjectAsync()
    {
        try
        {
            await records.UpsertAsync(ToRecord());
            _projectionRetry?.Dispose();
            _projectionRetry = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The grain state is already durable, so the upload is safe; the table catches up when the database is back.
            LogProjectionFailed(exception, UploadId);
            _projectionRetry ??= this.RegisterGrainTimer(
                _ => InLogScopeAsync(ProjectAsync),
                new GrainTimerCreationOptions(ProjectionRetryPeriod, ProjectionRetryPeriod) { KeepAlive = true });
        }
    }

    private UploadRecord ToRecord() => new(
        UploadId,
        Registration.TenantId,
        Registration.ProjectId,
        Registration.UserId,
        Registration.FileName,
        Current.S3Key,
        Registration.ContentType,
        Current.StoredSize ?? Registration.Size,
        Current.Status.ToWireName(),
        Current.Error,
        Current.ETag,
        Current.CreatedAt,
        Current.UploadedAt,
        Current.ProcessedAt,
        Current.Version,
        UploadMetadataDocument.Build(Current),
        Current.Result?.Sha256,
        Current.ErrorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} is UPLOADED ({Size} bytes)")]
    private partial void LogUploaded(Guid uploadId, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {UploadId} EXPIRED")]
    private partial void LogExpired(Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} ignored an event for key {EventKey}; its key is {UploadKey}")]
    private partial void LogKeyMismatch(Guid uploadId, string eventKey, string uploadKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} could not update the uploads table; retrying")]
    private partial void LogProjectionFailed(Exception exception, Guid uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} could not settle its project's quota; reconciliation will")]
    private partial void LogQuotaSettleFailed(Exception exception, Guid uploadId);
}
