using System.Diagnostics.CodeAnalysis;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Initiation.Validation;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// One upload's whole life, as decisions. Each command takes the durable state (null before the upload exists) and
/// answers with the command's result, the next state to write (a copy; the state passed in is never changed) and the
/// effects to run in order. No I/O, no Orleans: the grain loads, asks here, writes and runs the effects.
/// </summary>
/// <remarks>
/// What keeps an upload correct under retries and duplicates: moving to where it already is is a harmless repeat;
/// only the newest processing attempt's report counts; a terminal state and the notification announcing it are
/// written together; storage is changed before the state that records the change.
/// </remarks>
public sealed class UploadLifecycle(
    IOptions<UploadOptions> uploadOptions,
    IOptions<ProcessingOptions> processingOptions,
    TimeProvider time,
    Func<double>? jitter = null)
{
    private readonly Func<double> _jitter = jitter ?? Random.Shared.NextDouble;

    private UploadOptions Uploads => uploadOptions.Value;

    private ProcessingOptions Processing => processingOptions.Value;

    /// <summary>
    /// Creates the upload in PENDING, or, asked again with the same registration, hands out fresh URLs. Then the
    /// upload waits on its client's bytes, seconds to hours, and nothing of it needs to stay in memory: its event
    /// (or the client's next call) reads the state back, in a batched read, while a spike's tens of thousands of
    /// waiting activations would be live objects every garbage collection walks.
    /// </summary>
    /// <exception cref="InvalidOperationException">The id is taken by another registration, or the upload is past PENDING.</exception>
    public UploadDecision<UploadCommandResult> Initiate(UploadState? current, Guid uploadId, UploadRegistration registration, string? traceParent)
    {
        var now = time.GetUtcNow();
        if (current is null)
        {
            var created = new UploadState
            {
                Registration = registration,
                Status = UploadStatus.Pending,
                CreatedAt = now,
                UrlExpiresAt = now + Uploads.PresignedUrlLifetime,
                TraceParent = traceParent,
            };
            created.AssignKey(uploadId);
            List<UploadEffect> effects = [];
            if (registration.Size > Uploads.SinglePutMaxSizeBytes)
            {
                var plan = MultipartPlan.For(registration.Size, Uploads.PartSizeBytes);
                created.PartSize = plan.PartSize;
                created.PartCount = plan.PartCount;
                effects.Add(new StartMultipart(created.S3Key, registration.ContentType));
            }

            effects.AddRange([new WriteState(), new IssueTicket(), new Deactivate()]);
            return Decide(UploadCommandResult.Ok(UploadStatus.Pending), Stamp(created), effects);
        }

        if (current.Registration != registration)
        {
            throw new InvalidOperationException($"Upload {uploadId} already exists with another registration.");
        }

        if (current.Status != UploadStatus.Pending)
        {
            throw new InvalidOperationException($"Upload {uploadId} is {current.Status.ToWireName()}; it takes no more bytes.");
        }

        // Asked again (a retry): fresh URLs, and the expiry moves with them.
        var next = Next(current);
        next.UrlExpiresAt = now + Uploads.PresignedUrlLifetime;
        return Decide(UploadCommandResult.Ok(UploadStatus.Pending), next, new WriteState(), new IssueTicket(), new Deactivate());
    }

    /// <summary>Storage says an object exists at a key. S3 delivers at least once and in any order.</summary>
    public UploadDecision<ObjectCreatedOutcome> ObjectCreated(UploadState? current, ObjectCreated objectCreated)
    {
        if (current is null)
        {
            return Decide(ObjectCreatedOutcome.UnknownUpload, null, new Deactivate());
        }

        if (!string.Equals(objectCreated.Key, current.S3Key, StringComparison.Ordinal))
        {
            return Decide(ObjectCreatedOutcome.Mismatch, null, new Report(new EventKeyMismatch(objectCreated.Key, current.S3Key)));
        }

        var eTag = ETags.Unquote(objectCreated.ETag);
        if (current.Status == UploadStatus.Pending)
        {
            var stored = Move(current, UploadMove.Store);
            stored.StoredSize = objectCreated.Size;
            stored.ETag = eTag;
            stored.UploadedAt = objectCreated.EventTime;
            return Decide(ObjectCreatedOutcome.Recorded, stored,
                new WriteState(), new Report(new ObjectStored(objectCreated.Size)), BeginProcessing());
        }

        // Past PENDING (a multipart upload is UPLOADED by its completion before its event arrives): the event is
        // checked against the object recorded.
        return LateObjectPolicy.Decide(current.Status, current.ETag, eTag) switch
        {
            // The same event again, so a silo lost between the UPLOADED write and the processing reminder's
            // registration is made good here.
            LateObjectAction.ContinueProcessing => Decide(ObjectCreatedOutcome.AlreadyRecorded, null,
                current.Status == UploadStatus.Uploaded ? [BeginProcessing()] : []),
            LateObjectAction.Rescan => Rescan(current, eTag),
            LateObjectAction.Delete => Decide(ObjectCreatedOutcome.LateObjectDeleted, null,
                new DeleteLateObject(), new Report(new LateObjectDeleted(current.Status, eTag))),
            _ => Decide(ObjectCreatedOutcome.AlreadyRecorded, null),
        };
    }

    /// <summary>
    /// The client's completion of a multipart upload: checked here, then sent to S3, whose answer comes back through
    /// <see cref="StorageCompleted"/>. A client retrying after a timeout gets the same answer again.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Every command is called on the decider alike.")]
    public UploadDecision<UploadCommandResult> Complete(UploadState? current, IReadOnlyList<CompletedPart> parts)
    {
        if (RefuseUnlessMultipart(current) is { } refusal)
        {
            return Decide(refusal, null);
        }

        if (current!.Status is not (UploadStatus.Pending or UploadStatus.Expired or UploadStatus.Aborted))
        {
            return Decide(UploadCommandResult.Ok(current.Status), null);
        }

        if (current.Status != UploadStatus.Pending)
        {
            return Decide(Refused(current, UploadMove.Store), null);
        }

        var check = MultipartCompletionCheck.Check(current.PartCount, parts);
        return check.IsValid
            ? Decide(UploadCommandResult.Ok(UploadStatus.Pending), null, new CompleteMultipart(check.Parts))
            : Decide(new UploadCommandResult(current.Status, ErrorCodes.InvalidParts, check.Problem.Detail), null);
    }

    /// <summary>S3's answer to <see cref="CompleteMultipart"/>.</summary>
    public UploadDecision<UploadCommandResult> StorageCompleted(UploadState current, MultipartCompletion completion)
    {
        if (!completion.Succeeded)
        {
            // Bad parts the client can correct; an upload S3 no longer knows it cannot.
            var code = completion.Outcome == MultipartCompletionOutcome.UploadNotFound
                ? ErrorCodes.MultipartUploadNotFound
                : ErrorCodes.InvalidParts;
            return Decide(new UploadCommandResult(current.Status, code, completion.Problem!.Detail), null);
        }

        if (!UploadTransitions.Allows(UploadMove.Store, current.Status))
        {
            return Decide(UploadCommandResult.Ok(current.Status), null);
        }

        var stored = Move(current, UploadMove.Store);
        stored.StoredSize = completion.Object.Size;
        stored.ETag = ETags.Unquote(completion.Object.ETag);
        stored.UploadedAt = time.GetUtcNow();
        return Decide(UploadCommandResult.Ok(UploadStatus.Uploaded), stored,
            new WriteState(), new Report(new ObjectStored(completion.Object.Size)), BeginProcessing());
    }

    /// <summary>Fresh URLs for some parts; they push the expiry back, so a phone offline for an hour resumes.</summary>
    public UploadDecision<UploadCommandResult> SignParts(UploadState? current, IReadOnlyList<int> partNumbers)
    {
        if (RefuseUnlessMultipart(current) is { } refusal)
        {
            return Decide(refusal, null);
        }

        if (current!.Status != UploadStatus.Pending)
        {
            return Decide(new UploadCommandResult(current.Status, ErrorCodes.InvalidTransition,
                $"The upload is {current.Status.ToWireName()}; it takes no more parts."), null);
        }

        var unknown = partNumbers.Where(number => number < 1 || number > current.PartCount).ToList();
        if (partNumbers.Count == 0 || unknown.Count > 0)
        {
            return Decide(new UploadCommandResult(current.Status, ErrorCodes.InvalidParts,
                $"Part numbers must be between 1 and {current.PartCount}; got {string.Join(", ", unknown)}."), null);
        }

        var next = Next(current);
        next.UrlExpiresAt = time.GetUtcNow() + Uploads.PresignedUrlLifetime;
        return Decide(UploadCommandResult.Ok(UploadStatus.Pending), next,
            new WriteState(), new SignParts([.. partNumbers.Distinct().Order()]));
    }

    /// <summary>A fresh URL for a PENDING single PUT; the expiry moves with it.</summary>
    public UploadDecision<UploadCommandResult> SignPut(UploadState? current)
    {
        if (current is null)
        {
            return Decide(new UploadCommandResult(UploadStatus.Pending, ErrorCodes.UploadNotFound, "No such upload."), null);
        }

        if (current.Method != UploadMethod.Put)
        {
            return Decide(new UploadCommandResult(current.Status, ErrorCodes.NotSinglePut,
                "This upload is a multipart upload; sign its parts again instead."), null);
        }

        if (current.Status != UploadStatus.Pending)
        {
            return Decide(new UploadCommandResult(current.Status, ErrorCodes.InvalidTransition,
                $"The upload is {current.Status.ToWireName()}; it takes no more bytes."), null);
        }

        var next = Next(current);
        next.UrlExpiresAt = time.GetUtcNow() + Uploads.PresignedUrlLifetime;
        return Decide(UploadCommandResult.Ok(UploadStatus.Pending), next, new WriteState(), new IssueTicket());
    }

    /// <summary>The uploader gives up on a PENDING upload.</summary>
    public UploadDecision<UploadCommandResult> Abort(UploadState? current)
    {
        if (current is null)
        {
            return Decide(new UploadCommandResult(UploadStatus.Aborted, ErrorCodes.UploadNotFound, "No such upload."), null);
        }

        if (current.Status == UploadStatus.Aborted)
        {
            return Decide(UploadCommandResult.Ok(UploadStatus.Aborted), null);
        }

        if (!UploadTransitions.Allows(UploadMove.Abort, current.Status))
        {
            return Decide(Refused(current, UploadMove.Abort), null);
        }

        var aborted = Move(current, UploadMove.Abort);
        return Decide(UploadCommandResult.Ok(UploadStatus.Aborted), aborted,
            new RemoveFromStorage(), new WriteState(), new Report(new Ended(UploadStatus.Aborted, 0, null, null)),
            new SettleQuota(QuotaSettlement.Release, 0));
    }

    /// <summary>
    /// The project's sweep asks: a PENDING upload whose URLs expired a grace period ago is given up. A re-signed upload's
    /// expiry moved with its URLs, so it is not due yet.
    /// </summary>
    public UploadDecision<UploadCommandResult> Expire(UploadState? current)
    {
        if (current is null)
        {
            return Decide(UploadCommandResult.Ok(UploadStatus.Expired), null, new Deactivate());
        }

        if (current.Status != UploadStatus.Pending)
        {
            return Decide(UploadCommandResult.Ok(current.Status), null);
        }

        if (time.GetUtcNow() < ExpiryOf(current))
        {
            return Decide(UploadCommandResult.Ok(current.Status), null);
        }

        var expired = Move(current, UploadMove.Expire);
        expired.Error = "The upload was not finished before its URLs expired.";
        return Decide(UploadCommandResult.Ok(UploadStatus.Expired), expired,
            new RemoveFromStorage(), new WriteState(), new Report(new Ended(UploadStatus.Expired, 0, null, expired.Error)),
            new SettleQuota(QuotaSettlement.Release, 0));
    }

    /// <summary>
    /// An operator sends a COMPLETED or FAILED upload through processing again: new outputs over the old, and one
    /// more notification. FAILED gave its bytes back, so they must find room in the project again first.
    /// </summary>
    public UploadDecision<UploadCommandResult> Reprocess(UploadState? current)
    {
        if (current is null)
        {
            return Decide(new UploadCommandResult(UploadStatus.Pending, ErrorCodes.UploadNotFound, "No such upload."), null);
        }

        if (!UploadTransitions.Allows(UploadMove.Reprocess, current.Status))
        {
            return Decide(new UploadCommandResult(current.Status, ErrorCodes.InvalidTransition,
                $"An upload that is {current.Status.ToWireName()} cannot be processed again; only COMPLETED and FAILED ones can."), null);
        }

        var next = Move(current, UploadMove.Reprocess);
        next.Attempt = 0;
        next.ClearProcessingOutcome();
        List<UploadEffect> effects = current.Status == UploadStatus.Failed ? [new ReserveQuota(SizeOf(current))] : [];
        effects.AddRange([new WriteState(), new Report(new ReprocessRequested()), BeginProcessing()]);
        return Decide(UploadCommandResult.Ok(UploadStatus.Processing), next, effects);
    }

    /// <summary>
    /// Time for an attempt (a timer, the processing reminder, a wake-up), and none is running in this activation.
    /// <paramref name="woken"/>: a dependency came back, so a backoff still running is cut short.
    /// </summary>
    public UploadDecision<UploadCommandResult> StartAttempt(UploadState? current, Guid uploadId, bool woken = false)
    {
        if (current is null || !UploadTransitions.Allows(UploadMove.StartAttempt, current.Status))
        {
            return Decide(UploadCommandResult.Ok(current?.Status ?? UploadStatus.Pending), null);
        }

        var now = time.GetUtcNow();
        if (!woken && current.NextAttemptAt is { } next && next > now)
        {
            return Decide(UploadCommandResult.Ok(current.Status), null, new RetryAttemptLater(next - now));
        }

        if (current.Attempt >= Processing.MaxAttempts)
        {
            return Fail(current, ErrorCodes.RetriesExhausted,
                $"Processing failed {current.Attempt} times; the last error: {current.LastAttemptError}", current.Result);
        }

        if (WorkerLosses.Exhausted(current.WorkerLosses, Processing.MaxWorkerLosses))
        {
            // The file killed or stalled a worker, or took a silo down with it, that many times: never again.
            return Fail(current, current.WorkerLossCode ?? ErrorCodes.ResourceLimit,
                $"Processing this file was lost {current.WorkerLosses} times (a worker killed or stalled, or its silo lost); " +
                $"it is not tried again. The last error: {current.LastAttemptError}", current.Result);
        }

        var started = Move(current, UploadMove.StartAttempt);
        started.Attempt++;
        // Presumed lost until it reports: a silo that dies mid-parse never does.
        started.WorkerLosses = WorkerLosses.Presumed(started.WorkerLosses);
        started.NextAttemptAt = null;
        var registration = started.Registration!;
        var job = new ProcessingJob(uploadId, started.Attempt, registration.TenantId, registration.ProjectId, started.S3Key,
            registration.FileName, registration.Size, ExpectedKind(registration), registration.ChecksumSha256, started.TraceParent,
            started.ETag);
        return Decide(UploadCommandResult.Ok(UploadStatus.Processing), started, new WriteState(), new RunAttempt(job));
    }

    /// <summary>A worker's report of attempt <paramref name="attempt"/>; only the newest attempt's counts.</summary>
    public UploadDecision<UploadCommandResult> FinishAttempt(UploadState? current, int attempt, ProcessingOutcome outcome)
    {
        if (current is null || attempt != current.Attempt || current.Status != UploadStatus.Processing)
        {
            return Decide(UploadCommandResult.Ok(current?.Status ?? UploadStatus.Pending), null,
                new Report(new StaleOutcome(attempt, current?.Attempt ?? 0, current?.Status ?? UploadStatus.Pending)));
        }

        var reported = Next(current);
        reported.WorkerLosses = WorkerLosses.Settled(reported.WorkerLosses, outcome.Kind);
        switch (outcome.Kind)
        {
            case ProcessingOutcomeKind.Completed:
                return End(reported, UploadMove.Complete, outcome.Result, null, null);
            case ProcessingOutcomeKind.Quarantined:
                return End(reported, UploadMove.Quarantine, outcome.Result, ErrorCodes.MalwareFound, outcome.Reason);
            case ProcessingOutcomeKind.Failed:
                return Fail(reported, outcome.ErrorCode ?? ErrorCodes.RetriesExhausted, outcome.Reason, outcome.Result);
            case ProcessingOutcomeKind.WorkerLost:
                reported.WorkerLossCode = outcome.ErrorCode;
                return WorkerLosses.Exhausted(reported.WorkerLosses, Processing.MaxWorkerLosses)
                    ? Fail(reported, outcome.ErrorCode ?? ErrorCodes.ResourceLimit, outcome.Reason, outcome.Result)
                    : RetryLater(reported, outcome.Reason ?? "The parser worker was lost.");
            default:
                return RetryLater(reported, outcome.Reason ?? "The attempt did not finish.");
        }
    }

    /// <summary>The processing reminder: attempts go on while processing; once ended, the outbox is emptied.</summary>
    public IReadOnlyList<UploadEffect> ProcessingReminder(UploadState? current) => current switch
    {
        null => [new StopProcessing()],
        _ when UploadTransitions.Allows(UploadMove.StartAttempt, current.Status) => [new KeepProcessing()],
        _ => [PublishOutbox()],
    };

    /// <summary>The topic accepted the announcement <paramref name="sequence"/>: it leaves the outbox.</summary>
    public UploadDecision<UploadCommandResult> Announced(UploadState current, int sequence)
    {
        var next = Next(current);
        next.Outbox.RemoveAll(pending => pending.Sequence == sequence);
        return Decide(UploadCommandResult.Ok(current.Status), next, new WriteState());
    }

    private UploadDecision<ObjectCreatedOutcome> Rescan(UploadState current, string eTag)
    {
        // PROCESSING at once, so a COMPLETED upload stops handing out links to bytes nobody scanned. The size stays
        // the one recorded (the quota's); the attempt refuses an object of another size than declared.
        var rescanning = Move(current, UploadMove.Rescan);
        rescanning.ETag = eTag;
        // A new number makes the report of an attempt still reading the old bytes stale; a COMPLETED upload, which has
        // none running, counts its attempts afresh as a reprocess does.
        rescanning.Attempt = current.Status == UploadStatus.Completed ? 0 : current.Attempt + 1;
        rescanning.Result = null;
        rescanning.ClearProcessingOutcome();
        List<UploadEffect> effects =
        [
            new CancelAttempt(), new WriteState(), new Report(new ObjectChanged(current.Status, current.ETag, eTag)),
        ];
        if (current.Status == UploadStatus.Completed)
        {
            effects.Add(new SettleQuota(QuotaSettlement.Reopen, SizeOf(current)));
        }

        effects.Add(BeginProcessing());
        return Decide(ObjectCreatedOutcome.Rescanning, rescanning, effects);
    }

    private UploadDecision<UploadCommandResult> RetryLater(UploadState reported, string reason)
    {
        reported.LastAttemptError = reason;
        if (reported.Attempt >= Processing.MaxAttempts)
        {
            return Fail(reported, ErrorCodes.RetriesExhausted,
                $"Processing failed {reported.Attempt} times; the last error: {reason}", reported.Result);
        }

        var delay = RetrySchedule.DelayAfter(reported.Attempt, Processing.RetryBaseDelay, Processing.RetryMaxDelay, _jitter());
        reported.NextAttemptAt = time.GetUtcNow() + delay;
        return Decide(UploadCommandResult.Ok(reported.Status), reported,
            new WriteState(), new Report(new RetryScheduled(reported.Attempt, delay, reason)), new RetryAttemptLater(delay));
    }

    private UploadDecision<UploadCommandResult> Fail(UploadState current, string code, string? reason, ProcessingResult? partial) =>
        End(current, UploadMove.Fail, partial ?? current.Result, code, reason);

    /// <summary>The terminal state and the notification announcing it, in one write; then the announcement.</summary>
    private UploadDecision<UploadCommandResult> End(UploadState current, UploadMove move, ProcessingResult? result, string? code, string? reason)
    {
        var ended = Move(current, move);
        ended.Result = result;
        ended.ErrorCode = code;
        ended.Error = reason;
        ended.ProcessedAt = time.GetUtcNow();
        ended.NextAttemptAt = null;
        ended.NotificationCount++;
        ended.Outbox.Add(new PendingNotification(ended.NotificationCount, ended.Status, ended.ProcessedAt.Value));
        var settlement = ended.Status == UploadStatus.Completed
            ? new SettleQuota(QuotaSettlement.Commit, SizeOf(ended))
            : new SettleQuota(QuotaSettlement.Release, 0);
        return Decide(UploadCommandResult.Ok(ended.Status), ended,
            new CancelAttempt(), new WriteState(), new Report(new Ended(ended.Status, ended.Attempt, code, reason)), settlement,
            PublishOutbox());
    }

    /// <summary>A copy of <paramref name="current"/> at its target status; the table must allow the move.</summary>
    private UploadState Move(UploadState current, UploadMove move)
    {
        if (!UploadTransitions.Allows(move, current.Status))
        {
            throw new InvalidOperationException($"An upload that is {current.Status.ToWireName()} cannot {move}.");
        }

        var next = Next(current);
        next.Status = UploadTransitions.Target(move);
        return next;
    }

    /// <summary>The state to write next: a copy with a new version, stamped now.</summary>
    private UploadState Next(UploadState current) => Stamp(current.Copy());

    private UploadState Stamp(UploadState next)
    {
        next.Version++;
        next.ChangedAt = time.GetUtcNow();
        return next;
    }

    private BeginProcessing BeginProcessing() => new(Processing.ReminderPeriod);

    private PublishOutbox PublishOutbox() => new(Processing.RetryBaseDelay);

    private DateTimeOffset ExpiryOf(UploadState upload) => upload.UrlExpiresAt + Uploads.ExpiryGracePeriod;

    private static long SizeOf(UploadState upload) => upload.StoredSize ?? upload.Registration!.Size;

    private static ContentKind ExpectedKind(UploadRegistration registration) =>
        ContentSniffer.ExpectedFor(FileTypeCatalog.ExtensionOf(registration.FileName))
        ?? throw new InvalidOperationException($"'{registration.FileName}' has a file type initiate should have refused.");

    private static UploadCommandResult? RefuseUnlessMultipart(UploadState? current) => current switch
    {
        null => new UploadCommandResult(UploadStatus.Pending, ErrorCodes.UploadNotFound, "No such upload."),
        { Method: not UploadMethod.Multipart } => new UploadCommandResult(current.Status, ErrorCodes.NotMultipart,
            "This upload is a single PUT, not a multipart upload."),
        _ => null,
    };

    private static UploadCommandResult Refused(UploadState current, UploadMove move) => new(current.Status, ErrorCodes.InvalidTransition,
        $"An upload that is {current.Status.ToWireName()} cannot become {UploadTransitions.Target(move).ToWireName()}.");

    private static UploadDecision<T> Decide<T>(T result, UploadState? next, params IReadOnlyList<UploadEffect> effects) =>
        new(result, next, effects);
}
