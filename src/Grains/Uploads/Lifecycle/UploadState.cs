using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Naming;
using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// The durable state of one upload: the source of truth for its life. Stored with the Orleans serializer, so the
/// <c>Alias</c> and <c>Id</c> numbers, not the CLR names, are what must stay stable.
/// </summary>
[GenerateSerializer, Alias("uploads.UploadState")]
public sealed class UploadState
{
    [Id(0)] public UploadRegistration? Registration { get; set; }

    /// <summary>
    /// The object's key where the registration and <see cref="UploadId"/> cannot give it back: a file name the key had
    /// to change, or a state written before the id was kept. Null otherwise, so the key is not stored in every row.
    /// </summary>
    [Id(1)] public string? StoredS3Key { get; set; }

    /// <summary>The upload's id (the grain's key); empty in states written before it was kept here.</summary>
    [Id(24)] public Guid UploadId { get; set; }

    /// <summary>The S3 key of the upload's object.</summary>
    public string S3Key => StoredS3Key
        ?? UploadKey.Build(Registration!.TenantId, Registration.ProjectId, UploadId, Registration.FileName);

    [Id(2)] public UploadStatus Status { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the newest URLs handed out expire; the upload expires a grace period after that.</summary>
    [Id(4)] public DateTimeOffset UrlExpiresAt { get; set; }

    [Id(5)] public long? StoredSize { get; set; }

    [Id(6)] public string? ETag { get; set; }

    [Id(7)] public DateTimeOffset? UploadedAt { get; set; }

    [Id(8)] public DateTimeOffset? ProcessedAt { get; set; }

    [Id(9)] public string? Error { get; set; }

    /// <summary>Raised on every write; stamps the <c>uploads</c> row so the table converges to the newest state.</summary>
    [Id(10)] public int Version { get; set; }

    /// <summary>S3's id of the multipart upload; null for a single PUT.</summary>
    [Id(11)] public string? S3UploadId { get; set; }

    [Id(12)] public long PartSize { get; set; }

    [Id(13)] public int PartCount { get; set; }

    /// <summary>Processing attempts started so far; a result is accepted only from the newest.</summary>
    [Id(14)] public int Attempt { get; set; }

    // Id 15 is retired (an attempt's start time, never read): do not reuse it.

    /// <summary>When the next attempt may start, after a transient failure.</summary>
    [Id(16)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Why the last attempt did not finish, kept for the final error if retries run out.</summary>
    [Id(17)] public string? LastAttemptError { get; set; }

    /// <summary>A stable code for <see cref="Error"/> (size_mismatch, malware_found, ...).</summary>
    [Id(18)] public string? ErrorCode { get; set; }

    [Id(19)] public ProcessingResult? Result { get; set; }

    /// <summary>
    /// Notifications decided but not yet accepted by the topic: written in the same state write as the terminal
    /// state they announce, removed only after the topic accepted them (an outbox).
    /// </summary>
    [Id(20)] public List<PendingNotification> Outbox { get; set; } = [];

    /// <summary>Notifications ever queued; numbers each one, so subscribers can tell a redelivery from a new one.</summary>
    [Id(21)] public int NotificationCount { get; set; }

    /// <summary>When the newest state was written: the <c>occurredAt</c> of the change a push stream shows.</summary>
    [Id(22)] public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>
    /// The W3C traceparent of the initiate that created the upload: the S3 event, the processing attempts and the
    /// notification start their spans under it, so one upload is one trace across its asynchronous hops.
    /// </summary>
    [Id(23)] public string? TraceParent { get; set; }

    /// <summary>
    /// Attempts whose parser worker was killed (memory, crash), timed out, or whose silo was lost before reporting.
    /// Counted up before each attempt and back down when it reports normally, so a silo that dies mid-parse counts.
    /// </summary>
    [Id(40)] public int WorkerLosses { get; set; }

    /// <summary>The failure code of the last worker loss (resource_limit, processing_timeout).</summary>
    [Id(41)] public string? WorkerLossCode { get; set; }

    /// <summary>Names the object of a new upload: <see cref="Registration"/> must be set.</summary>
    public void AssignKey(Guid uploadId)
    {
        var safeFileName = FileNameSanitizer.Sanitize(Registration!.FileName);
        UploadId = uploadId;
        StoredS3Key = string.Equals(safeFileName, Registration.FileName, StringComparison.Ordinal)
            ? null
            : UploadKey.Build(Registration.TenantId, Registration.ProjectId, uploadId, safeFileName);
    }

    public UploadMethod Method => S3UploadId is null ? UploadMethod.Put : UploadMethod.Multipart;

    /// <summary>A copy to decide on: the outbox is the only member that is not immutable.</summary>
    public UploadState Copy()
    {
        var copy = (UploadState)MemberwiseClone();
        copy.Outbox = [.. Outbox];
        return copy;
    }

    /// <summary>Forgets how the last round of processing ended, before another (a reprocess, or other bytes to scan).</summary>
    public void ClearProcessingOutcome()
    {
        WorkerLosses = 0;
        NextAttemptAt = null;
        LastAttemptError = null;
        Error = null;
        ErrorCode = null;
        ProcessedAt = null;
    }
}
