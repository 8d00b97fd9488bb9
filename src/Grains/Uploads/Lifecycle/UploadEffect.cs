using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// Something a decision asks the grain to do, in the order listed. Effects before <see cref="WriteState"/> must
/// succeed for the new state to be written (storage first, so a failure leaves the durable state to retry from);
/// effects after it follow from the state already being durable.
/// </summary>
public abstract record UploadEffect;

/// <summary>Make the decided state durable, then let the table, the status cache and the push feed follow it.</summary>
public sealed record WriteState : UploadEffect;

/// <summary>Start the S3 multipart upload; its id is the one value an effect puts into the state being written.</summary>
public sealed record StartMultipart(string Key, string ContentType) : UploadEffect;

/// <summary>
/// Complete the multipart upload in S3 from the checked parts; its answer goes back to
/// <see cref="UploadLifecycle.StorageCompleted"/>.
/// </summary>
public sealed record CompleteMultipart(IReadOnlyList<CompletedPart> Parts) : UploadEffect;

/// <summary>Remove what an unfinished upload left in storage: the multipart upload and any object at the key.</summary>
public sealed record RemoveFromStorage : UploadEffect;

/// <summary>Delete an object that reached an upload which takes no more bytes.</summary>
public sealed record DeleteLateObject : UploadEffect;

/// <summary>Sign the URLs the client sends the bytes to (the reply to an initiate).</summary>
public sealed record IssueTicket : UploadEffect;

/// <summary>Sign fresh URLs for these parts (the reply to a re-sign).</summary>
public sealed record SignParts(IReadOnlyList<int> PartNumbers) : UploadEffect;

/// <summary>The processing reminder that carries attempts and the outbox across restarts, and a first attempt now.</summary>
public sealed record BeginProcessing(TimeSpan ReminderPeriod) : UploadEffect;

/// <summary>
/// Make sure an attempt runs or is due: one whose worker finished but whose report never arrived is replaced; one
/// still queued or running is left alone however long a burst keeps it waiting.
/// </summary>
public sealed record KeepProcessing : UploadEffect;

/// <summary>Nothing left to process or announce: the processing reminder goes.</summary>
public sealed record StopProcessing : UploadEffect;

/// <summary>Try the next attempt after a backoff; meanwhile a dependency coming back wakes the upload early.</summary>
public sealed record RetryAttemptLater(TimeSpan Delay) : UploadEffect;

/// <summary>Hand the attempt to the worker pool; it reports back through <see cref="UploadLifecycle.FinishAttempt"/>.</summary>
public sealed record RunAttempt(ProcessingJob Job) : UploadEffect;

/// <summary>Drop whatever attempt this activation runs or has scheduled: its report, if any, is stale.</summary>
public sealed record CancelAttempt : UploadEffect;

/// <summary>
/// Announce what waits in the outbox; each accepted announcement leaves it through <see cref="UploadLifecycle.Announced"/>,
/// and once it is empty the processing reminder goes.
/// </summary>
public sealed record PublishOutbox(TimeSpan RetryPeriod) : UploadEffect;

/// <summary>Tell the project how the upload's reserved bytes end.</summary>
public sealed record SettleQuota(QuotaSettlement Settlement, long Bytes) : UploadEffect;

/// <summary>
/// Reserve the bytes in the project again (a FAILED upload processed again); a refusal stops the decision before
/// anything is written and is the command's answer.
/// </summary>
public sealed record ReserveQuota(long Bytes) : UploadEffect;

/// <summary>Logs and metrics for something that happened; never changes anything.</summary>
public sealed record Report(UploadFact Fact) : UploadEffect;

/// <summary>Nothing to keep in memory for this id: unknown, asked by another tenant, or waiting on its client.</summary>
public sealed record Deactivate : UploadEffect;

public enum QuotaSettlement
{
    /// <summary>COMPLETED: the reservation becomes usage.</summary>
    Commit,

    /// <summary>Any other end: the reservation is given back.</summary>
    Release,

    /// <summary>A COMPLETED upload's bytes are scanned again: its usage is a reservation again until it ends.</summary>
    Reopen,
}
