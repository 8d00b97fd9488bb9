using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Processing;
using BuildPeer.Processing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.Lifecycle;

/// <summary>One upload's life, command by command, without a cluster: each decision's result, next state and effects.</summary>
public sealed class UploadLifecycleTests
{
    private const long MiB = 1024 * 1024;
    private static readonly Guid UploadId = Guid.CreateVersion7();
    private static readonly UploadRegistration Photo = new("acme", "tower-7", "ana", "site.jpg", "image/jpeg", 2 * MiB);
    private static readonly UploadRegistration Plan = new("acme", "tower-7", "ana", "plan.pdf", "application/pdf", 12 * MiB);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly UploadOptions _uploads = new();
    private readonly ProcessingOptions _processing = new() { MaxAttempts = 3, MaxWorkerLosses = 2 };
    private readonly UploadLifecycle _lifecycle;

    public UploadLifecycleTests()
    {
        _lifecycle = new UploadLifecycle(Options.Create(_uploads), Options.Create(_processing), _clock, jitter: () => 0.5);
    }

    [Fact]
    public void Initiating_a_small_file_creates_it_PENDING_signs_one_PUT_and_keeps_nothing_in_memory()
    {
        var decision = _lifecycle.Initiate(null, UploadId, Photo, "00-trace-span-01");

        var created = decision.State!;
        Assert.Equal(UploadStatus.Pending, created.Status);
        Assert.Equal(UploadMethod.Put, created.Method);
        Assert.Equal(1, created.Version);
        Assert.Equal(_clock.GetUtcNow() + _uploads.PresignedUrlLifetime, created.UrlExpiresAt);
        Assert.Equal("00-trace-span-01", created.TraceParent);
        Assert.StartsWith($"acme/tower-7/uploads/{UploadId}/", created.S3Key, StringComparison.Ordinal);
        Assert.Collection(decision.Effects,
            effect => Assert.IsType<WriteState>(effect),
            effect => Assert.IsType<IssueTicket>(effect),
            effect => Assert.IsType<Deactivate>(effect));
    }

    [Fact]
    public void Initiating_a_large_file_plans_its_parts_and_starts_the_multipart_upload_before_writing()
    {
        var decision = _lifecycle.Initiate(null, UploadId, Plan, null);

        Assert.Equal(5 * MiB, decision.State!.PartSize);
        Assert.Equal(3, decision.State.PartCount);
        var start = Assert.IsType<StartMultipart>(decision.Effects[0]);
        Assert.Equal(decision.State.S3Key, start.Key);
        Assert.Equal([typeof(WriteState), typeof(IssueTicket), typeof(Deactivate)], decision.Effects.Skip(1).Select(effect => effect.GetType()));
    }

    [Fact]
    public void Initiating_again_hands_out_fresh_URLs_and_moves_the_expiry()
    {
        var pending = _lifecycle.Initiate(null, UploadId, Photo, null).State!;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var again = _lifecycle.Initiate(pending, UploadId, Photo, null);

        Assert.Equal(pending.UrlExpiresAt + TimeSpan.FromMinutes(5), again.State!.UrlExpiresAt);
        Assert.Equal(pending.S3Key, again.State.S3Key);
        Assert.Equal(2, again.State.Version);
        Assert.Equal([typeof(WriteState), typeof(IssueTicket), typeof(Deactivate)], again.Effects.Select(effect => effect.GetType()));
        Assert.Equal(1, pending.Version); // the state passed in is never changed
    }

    [Fact]
    public void Initiating_an_id_taken_by_another_registration_or_past_PENDING_is_a_programming_error()
    {
        var pending = _lifecycle.Initiate(null, UploadId, Photo, null).State!;

        Assert.Throws<InvalidOperationException>(() => _lifecycle.Initiate(pending, UploadId, Photo with { Size = 1 }, null));
        Assert.Throws<InvalidOperationException>(() => _lifecycle.Initiate(Uploaded(), UploadId, Photo, null));
    }

    [Fact]
    public void The_object_moves_a_PENDING_upload_to_UPLOADED_and_starts_processing()
    {
        var pending = Pending();
        var decision = _lifecycle.ObjectCreated(pending, Event(pending, "\"etag-1\""));

        Assert.Equal(ObjectCreatedOutcome.Recorded, decision.Result);
        Assert.Equal(UploadStatus.Uploaded, decision.State!.Status);
        Assert.Equal("etag-1", decision.State.ETag);
        Assert.Equal(Photo.Size, decision.State.StoredSize);
        Assert.Collection(decision.Effects,
            effect => Assert.IsType<WriteState>(effect),
            effect => Assert.IsType<ObjectStored>(Assert.IsType<Report>(effect).Fact),
            effect => Assert.Equal(_processing.ReminderPeriod, Assert.IsType<BeginProcessing>(effect).ReminderPeriod));
    }

    [Fact]
    public void An_event_for_no_upload_is_not_acted_on_and_another_key_is_ignored()
    {
        Assert.Equal(ObjectCreatedOutcome.UnknownUpload, _lifecycle.ObjectCreated(null, Event(Pending(), "e")).Result);
        var pending = Pending();
        var mismatch = _lifecycle.ObjectCreated(pending, Event(pending, "e") with { Key = "acme/other" });
        Assert.Equal(ObjectCreatedOutcome.Mismatch, mismatch.Result);
        Assert.Null(mismatch.State);
    }

    [Fact]
    public void The_same_event_again_changes_nothing_but_makes_sure_an_UPLOADED_upload_is_processed()
    {
        var uploaded = Uploaded();
        var again = _lifecycle.ObjectCreated(uploaded, Event(uploaded, uploaded.ETag!));
        Assert.Equal(ObjectCreatedOutcome.AlreadyRecorded, again.Result);
        Assert.Null(again.State);
        Assert.IsType<BeginProcessing>(Assert.Single(again.Effects));

        var completed = Completed();
        var late = _lifecycle.ObjectCreated(completed, Event(completed, completed.ETag!));
        Assert.Equal(ObjectCreatedOutcome.AlreadyRecorded, late.Result);
        Assert.Empty(late.Effects);
    }

    [Fact]
    public void Other_bytes_at_a_COMPLETED_upload_are_scanned_again_and_its_usage_becomes_a_reservation()
    {
        var completed = Completed();
        var decision = _lifecycle.ObjectCreated(completed, Event(completed, "other"));

        Assert.Equal(ObjectCreatedOutcome.Rescanning, decision.Result);
        Assert.Equal(UploadStatus.Processing, decision.State!.Status);
        Assert.Equal("other", decision.State.ETag);
        Assert.Equal(0, decision.State.Attempt);
        Assert.Null(decision.State.Result);
        Assert.Contains(decision.Effects, effect => effect is SettleQuota { Settlement: QuotaSettlement.Reopen });
        Assert.IsType<CancelAttempt>(decision.Effects[0]);
        Assert.IsType<BeginProcessing>(decision.Effects[^1]);
    }

    [Fact]
    public void Other_bytes_mid_processing_make_the_running_attempt_stale()
    {
        var processing = Processing();
        var decision = _lifecycle.ObjectCreated(processing, Event(processing, "other"));

        Assert.Equal(processing.Attempt + 1, decision.State!.Attempt);
        Assert.DoesNotContain(decision.Effects, effect => effect is SettleQuota);
    }

    [Theory]
    [InlineData(UploadStatus.Aborted)]
    [InlineData(UploadStatus.Expired)]
    [InlineData(UploadStatus.Quarantined)]
    public void An_object_reaching_an_upload_that_is_over_is_deleted(UploadStatus status)
    {
        var over = Pending();
        over.Status = status;
        var decision = _lifecycle.ObjectCreated(over, Event(over, "late"));

        Assert.Equal(ObjectCreatedOutcome.LateObjectDeleted, decision.Result);
        Assert.Null(decision.State);
        Assert.IsType<DeleteLateObject>(decision.Effects[0]);
    }

    [Fact]
    public void Completing_checks_the_parts_before_S3_is_asked()
    {
        var pending = _lifecycle.Initiate(null, UploadId, Plan, null).State!;
        pending.S3UploadId = "s3-upload";

        var missing = _lifecycle.Complete(pending, [new CompletedPart(1, "a"), new CompletedPart(3, "c")]);
        Assert.Equal(ErrorCodes.InvalidParts, missing.Result.RefusalCode);
        Assert.Contains("part 2 is missing", missing.Result.Detail, StringComparison.Ordinal);
        Assert.Empty(missing.Effects);

        var valid = _lifecycle.Complete(pending, [new CompletedPart(3, "\"c\""), new CompletedPart(1, "a"), new CompletedPart(2, "b")]);
        var complete = Assert.IsType<CompleteMultipart>(Assert.Single(valid.Effects));
        Assert.Equal([1, 2, 3], complete.Parts.Select(part => part.PartNumber));
        Assert.Equal("c", complete.Parts[2].ETag);
    }

    [Fact]
    public void S3s_answer_to_the_completion_records_the_object_or_refuses()
    {
        var pending = _lifecycle.Initiate(null, UploadId, Plan, null).State!;
        pending.S3UploadId = "s3-upload";

        var stored = _lifecycle.StorageCompleted(pending, MultipartCompletion.Completed(new CompletedObject("\"abc-3\"", Plan.Size)));
        Assert.Equal(UploadStatus.Uploaded, stored.State!.Status);
        Assert.Equal("abc-3", stored.State.ETag);
        Assert.Equal(_clock.GetUtcNow(), stored.State.UploadedAt);

        var gone = _lifecycle.StorageCompleted(pending, MultipartCompletion.UploadNotFound(new MultipartProblem("x", "gone")));
        Assert.Equal(ErrorCodes.MultipartUploadNotFound, gone.Result.RefusalCode);
        Assert.Null(gone.State);
    }

    [Fact]
    public void Completing_again_answers_the_same_and_a_single_PUT_cannot_be_completed()
    {
        var uploaded = Uploaded();
        uploaded.S3UploadId = "s3-upload";
        Assert.Equal(UploadCommandResult.Ok(UploadStatus.Uploaded), _lifecycle.Complete(uploaded, []).Result);

        var aborted = Pending();
        aborted.S3UploadId = "s3-upload";
        aborted.Status = UploadStatus.Aborted;
        Assert.Equal(ErrorCodes.InvalidTransition, _lifecycle.Complete(aborted, []).Result.RefusalCode);

        Assert.Equal(ErrorCodes.NotMultipart, _lifecycle.Complete(Pending(), []).Result.RefusalCode);
        Assert.Equal(ErrorCodes.UploadNotFound, _lifecycle.Complete(null, []).Result.RefusalCode);
    }

    [Fact]
    public void Re_signing_parts_pushes_the_expiry_back_and_refuses_unknown_parts()
    {
        var pending = _lifecycle.Initiate(null, UploadId, Plan, null).State!;
        pending.S3UploadId = "s3-upload";
        _clock.Advance(TimeSpan.FromMinutes(30));

        var decision = _lifecycle.SignParts(pending, [3, 1, 3]);
        Assert.Equal(_clock.GetUtcNow() + _uploads.PresignedUrlLifetime, decision.State!.UrlExpiresAt);
        Assert.Equal([1, 3], Assert.Single(decision.Effects.OfType<SignParts>()).PartNumbers);

        Assert.Equal(ErrorCodes.InvalidParts, _lifecycle.SignParts(pending, [4]).Result.RefusalCode);
        Assert.Equal(ErrorCodes.InvalidParts, _lifecycle.SignParts(pending, []).Result.RefusalCode);
    }

    [Fact]
    public void Re_signing_a_single_put_pushes_the_expiry_back_and_refuses_multipart_and_finished_uploads()
    {
        var pending = Pending();
        _clock.Advance(TimeSpan.FromMinutes(30));

        var decision = _lifecycle.SignPut(pending);
        Assert.Equal(_clock.GetUtcNow() + _uploads.PresignedUrlLifetime, decision.State!.UrlExpiresAt);
        Assert.Equal([typeof(WriteState), typeof(IssueTicket)], decision.Effects.Select(effect => effect.GetType()));

        var multipart = _lifecycle.Initiate(null, UploadId, Plan, null).State!;
        multipart.S3UploadId = "s3-upload";
        Assert.Equal(ErrorCodes.NotSinglePut, _lifecycle.SignPut(multipart).Result.RefusalCode);
        Assert.Equal(ErrorCodes.UploadNotFound, _lifecycle.SignPut(null).Result.RefusalCode);
        pending.Status = UploadStatus.Uploaded;
        Assert.Equal(ErrorCodes.InvalidTransition, _lifecycle.SignPut(pending).Result.RefusalCode);
    }

    [Fact]
    public void Aborting_removes_the_bytes_before_writing_and_gives_the_quota_back()
    {
        var decision = _lifecycle.Abort(Pending());

        Assert.Equal(UploadStatus.Aborted, decision.State!.Status);
        Assert.IsType<RemoveFromStorage>(decision.Effects[0]);
        Assert.IsType<WriteState>(decision.Effects[1]);
        Assert.Contains(decision.Effects, effect => effect is SettleQuota { Settlement: QuotaSettlement.Release });

        var aborted = decision.State;
        Assert.True(_lifecycle.Abort(aborted).Result.Succeeded);
        Assert.Null(_lifecycle.Abort(aborted).State);
        Assert.Equal(ErrorCodes.InvalidTransition, _lifecycle.Abort(Uploaded()).Result.RefusalCode);
        Assert.Equal(ErrorCodes.UploadNotFound, _lifecycle.Abort(null).Result.RefusalCode);
    }

    [Fact]
    public void A_PENDING_upload_expires_only_a_grace_period_after_its_URLs()
    {
        var pending = Pending();
        _clock.Advance(_uploads.PresignedUrlLifetime + _uploads.ExpiryGracePeriod - TimeSpan.FromSeconds(1));
        Assert.Null(_lifecycle.Expire(pending).State);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = _lifecycle.Expire(pending);
        Assert.Equal(UploadStatus.Expired, expired.State!.Status);
        Assert.IsType<RemoveFromStorage>(expired.Effects[0]);
        Assert.IsType<WriteState>(expired.Effects[1]);
        Assert.Contains(new SettleQuota(QuotaSettlement.Release, 0), expired.Effects);

        var uploaded = _lifecycle.Expire(Uploaded());
        Assert.Null(uploaded.State);
        Assert.Empty(uploaded.Effects);
        Assert.IsType<Deactivate>(Assert.Single(_lifecycle.Expire(null).Effects));
    }

    [Fact]
    public void An_attempt_is_numbered_presumed_lost_and_durable_before_it_runs()
    {
        var decision = _lifecycle.StartAttempt(Uploaded(), UploadId);

        Assert.Equal(UploadStatus.Processing, decision.State!.Status);
        Assert.Equal(1, decision.State.Attempt);
        Assert.Equal(1, decision.State.WorkerLosses);
        Assert.IsType<WriteState>(decision.Effects[0]);
        var run = Assert.IsType<RunAttempt>(decision.Effects[1]);
        Assert.Equal(UploadId, run.Job.UploadId);
        Assert.Equal(1, run.Job.Attempt);
        Assert.Equal("etag-1", run.Job.ETag);
    }

    [Fact]
    public void An_attempt_waits_out_its_backoff_unless_a_dependency_came_back()
    {
        var waiting = Processing();
        waiting.NextAttemptAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(40);

        var early = _lifecycle.StartAttempt(waiting, UploadId);
        Assert.Null(early.State);
        Assert.Equal(TimeSpan.FromSeconds(40), Assert.IsType<RetryAttemptLater>(Assert.Single(early.Effects)).Delay);

        Assert.NotNull(_lifecycle.StartAttempt(waiting, UploadId, woken: true).State);
        Assert.Null(_lifecycle.StartAttempt(Completed(), UploadId).State);
    }

    [Fact]
    public void Completed_processing_ends_COMPLETED_with_its_notification_in_the_same_write()
    {
        var processing = Processing();
        var result = new ProcessingResult { Sha256 = "abc", Thumbnail800Key = "t/800.jpg" };

        var decision = _lifecycle.FinishAttempt(processing, processing.Attempt, ProcessingOutcome.Completed(result));

        var completed = decision.State!;
        Assert.Equal(UploadStatus.Completed, completed.Status);
        Assert.Same(result, completed.Result);
        Assert.Equal(0, completed.WorkerLosses);
        Assert.Equal(_clock.GetUtcNow(), completed.ProcessedAt);
        var pending = Assert.Single(completed.Outbox);
        Assert.Equal(new PendingNotification(1, UploadStatus.Completed, _clock.GetUtcNow()), pending);
        Assert.Collection(decision.Effects,
            effect => Assert.IsType<CancelAttempt>(effect),
            effect => Assert.IsType<WriteState>(effect),
            effect => Assert.Equal(UploadStatus.Completed, Assert.IsType<Ended>(Assert.IsType<Report>(effect).Fact).Status),
            effect => Assert.Equal(new SettleQuota(QuotaSettlement.Commit, Photo.Size), effect),
            effect => Assert.IsType<PublishOutbox>(effect));
    }

    [Fact]
    public void Malware_ends_QUARANTINED_and_gives_the_quota_back()
    {
        var processing = Processing();
        var decision = _lifecycle.FinishAttempt(processing, processing.Attempt,
            ProcessingOutcome.Quarantined(new ProcessingResult { VirusSignature = "Eicar" }));

        Assert.Equal(UploadStatus.Quarantined, decision.State!.Status);
        Assert.Equal(ErrorCodes.MalwareFound, decision.State.ErrorCode);
        Assert.Contains(new SettleQuota(QuotaSettlement.Release, 0), decision.Effects);
    }

    [Fact]
    public void A_file_that_cannot_be_processed_ends_FAILED_keeping_what_was_learnt()
    {
        var processing = Processing();
        var partial = new ProcessingResult { Sha256 = "abc" };
        var decision = _lifecycle.FinishAttempt(processing, processing.Attempt,
            ProcessingOutcome.Failed(ErrorCodes.SizeMismatch, "Declared 2 MiB, stored 1 byte.", partial));

        Assert.Equal(UploadStatus.Failed, decision.State!.Status);
        Assert.Equal(ErrorCodes.SizeMismatch, decision.State.ErrorCode);
        Assert.Same(partial, decision.State.Result);
        Assert.Single(decision.State.Outbox);
    }

    [Fact]
    public void A_transient_failure_retries_after_a_growing_backoff_until_attempts_run_out()
    {
        var upload = Uploaded();
        for (var attempt = 1; attempt < _processing.MaxAttempts; attempt++)
        {
            upload = _lifecycle.StartAttempt(upload, UploadId, woken: true).State!;
            var retry = _lifecycle.FinishAttempt(upload, attempt, ProcessingOutcome.Retry("clamd is away"));
            var delay = RetrySchedule.DelayAfter(attempt, _processing.RetryBaseDelay, _processing.RetryMaxDelay, 0.5);
            Assert.Equal(new RetryAttemptLater(delay), retry.Effects[^1]);
            upload = retry.State!;
            Assert.Equal(UploadStatus.Processing, upload.Status);
            Assert.Equal(_clock.GetUtcNow() + delay, upload.NextAttemptAt);
        }

        upload = _lifecycle.StartAttempt(upload, UploadId, woken: true).State!;
        var last = _lifecycle.FinishAttempt(upload, _processing.MaxAttempts, ProcessingOutcome.Retry("clamd is away"));
        Assert.Equal(UploadStatus.Failed, last.State!.Status);
        Assert.Equal(ErrorCodes.RetriesExhausted, last.State.ErrorCode);
        Assert.Contains("clamd is away", last.State.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_keeps_killing_workers_ends_FAILED_with_the_losses_code()
    {
        var processing = Processing();
        var lost = _lifecycle.FinishAttempt(processing, processing.Attempt,
            ProcessingOutcome.WorkerLost(ErrorCodes.ResourceLimit, "killed"));
        Assert.Equal(UploadStatus.Processing, lost.State!.Status);

        var second = _lifecycle.StartAttempt(lost.State, UploadId, woken: true).State!;
        var exhausted = _lifecycle.FinishAttempt(second, second.Attempt,
            ProcessingOutcome.WorkerLost(ErrorCodes.ResourceLimit, "killed again"));
        Assert.Equal(UploadStatus.Failed, exhausted.State!.Status);
        Assert.Equal(ErrorCodes.ResourceLimit, exhausted.State.ErrorCode);
    }

    [Fact]
    public void Silos_lost_mid_attempt_count_as_losses_although_nothing_reported()
    {
        var first = _lifecycle.StartAttempt(Uploaded(), UploadId).State!;
        var second = _lifecycle.StartAttempt(first, UploadId).State!; // the reminder, on another silo

        var third = _lifecycle.StartAttempt(second, UploadId);

        Assert.Equal(UploadStatus.Failed, third.State!.Status);
        Assert.Equal(ErrorCodes.ResourceLimit, third.State.ErrorCode);
    }

    [Fact]
    public void Only_the_newest_attempts_report_counts()
    {
        var processing = Processing();

        var stale = _lifecycle.FinishAttempt(processing, processing.Attempt - 1, ProcessingOutcome.Completed(new ProcessingResult()));

        Assert.Null(stale.State);
        Assert.IsType<StaleOutcome>(Assert.IsType<Report>(Assert.Single(stale.Effects)).Fact);
        Assert.Null(_lifecycle.FinishAttempt(Completed(), 1, ProcessingOutcome.Completed(new ProcessingResult())).State);
    }

    [Fact]
    public void An_operator_reprocesses_a_COMPLETED_upload_keeping_its_usage()
    {
        var decision = _lifecycle.Reprocess(Completed());

        Assert.Equal(UploadStatus.Processing, decision.State!.Status);
        Assert.Equal(0, decision.State.Attempt);
        Assert.Null(decision.State.ErrorCode);
        Assert.DoesNotContain(decision.Effects, effect => effect is ReserveQuota or SettleQuota);
        Assert.IsType<BeginProcessing>(decision.Effects[^1]);
    }

    [Fact]
    public void Reprocessing_a_FAILED_upload_reserves_its_bytes_again_before_anything_is_written()
    {
        var processing = Processing();
        var failed = _lifecycle.FinishAttempt(processing, processing.Attempt,
            ProcessingOutcome.Failed(ErrorCodes.SizeMismatch, "short")).State!;

        var decision = _lifecycle.Reprocess(failed);

        Assert.Equal(new ReserveQuota(Photo.Size), decision.Effects[0]);
        Assert.IsType<WriteState>(decision.Effects[1]);
        Assert.Null(decision.State!.Error);
    }

    [Theory]
    [InlineData(UploadStatus.Pending)]
    [InlineData(UploadStatus.Processing)]
    [InlineData(UploadStatus.Quarantined)]
    [InlineData(UploadStatus.Expired)]
    public void Only_COMPLETED_and_FAILED_uploads_can_be_reprocessed(UploadStatus status)
    {
        var upload = Pending();
        upload.Status = status;

        var decision = _lifecycle.Reprocess(upload);

        Assert.Equal(ErrorCodes.InvalidTransition, decision.Result.RefusalCode);
        Assert.Null(decision.State);
    }

    [Fact]
    public void The_processing_reminder_keeps_attempts_going_then_empties_the_outbox()
    {
        Assert.IsType<KeepProcessing>(Assert.Single(_lifecycle.ProcessingReminder(Processing())));
        Assert.IsType<PublishOutbox>(Assert.Single(_lifecycle.ProcessingReminder(Completed())));
        Assert.IsType<StopProcessing>(Assert.Single(_lifecycle.ProcessingReminder(null)));
    }

    [Fact]
    public void An_announcement_accepted_by_the_topic_leaves_the_outbox()
    {
        var completed = Completed();

        var decision = _lifecycle.Announced(completed, completed.Outbox[0].Sequence);

        Assert.Empty(decision.State!.Outbox);
        Assert.Single(completed.Outbox);
        Assert.Equal(UploadStatus.Completed, decision.State.Status);
    }

    private UploadState Pending() => _lifecycle.Initiate(null, UploadId, Photo, null).State!;

    private UploadState Uploaded()
    {
        var pending = Pending();
        return _lifecycle.ObjectCreated(pending, Event(pending, "etag-1")).State!;
    }

    private UploadState Processing() => _lifecycle.StartAttempt(Uploaded(), UploadId).State!;

    private UploadState Completed()
    {
        var processing = Processing();
        return _lifecycle.FinishAttempt(processing, processing.Attempt, ProcessingOutcome.Completed(new ProcessingResult())).State!;
    }

    private ObjectCreated Event(UploadState upload, string eTag) =>
        new("buildpeer-uploads", upload.S3Key, upload.Registration!.Size, eTag, _clock.GetUtcNow(), "ObjectCreated:Put", null);
}
