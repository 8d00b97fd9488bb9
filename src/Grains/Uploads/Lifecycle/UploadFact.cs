using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>What happened to an upload, for logs and metrics (see UploadLog).</summary>
public abstract record UploadFact;

public sealed record ObjectStored(long Size) : UploadFact;

public sealed record EventKeyMismatch(string EventKey, string UploadKey) : UploadFact;

public sealed record LateObjectDeleted(UploadStatus Status, string ETag) : UploadFact;

public sealed record ObjectChanged(UploadStatus From, string? OldETag, string NewETag) : UploadFact;

public sealed record Ended(UploadStatus Status, int Attempt, string? Code, string? Reason) : UploadFact;

public sealed record RetryScheduled(int Attempt, TimeSpan Delay, string Reason) : UploadFact;

public sealed record StaleOutcome(int Attempt, int CurrentAttempt, UploadStatus Status) : UploadFact;

public sealed record ReprocessRequested : UploadFact;
