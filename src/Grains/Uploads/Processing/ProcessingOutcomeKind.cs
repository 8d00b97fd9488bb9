namespace BuildPeer.Grains.Uploads.Processing;

public enum ProcessingOutcomeKind
{
    /// <summary>Everything was made and stored.</summary>
    Completed = 0,

    /// <summary>The scanner found malware; the object is already under the quarantine prefix.</summary>
    Quarantined = 1,

    /// <summary>The file itself cannot be processed; retrying would give the same answer.</summary>
    Failed = 2,

    /// <summary>A dependency failed; the same attempt may succeed later.</summary>
    Retry = 3,

    /// <summary>
    /// Parsing the file killed or wedged its worker process (<see cref="ProcessingOutcome.ErrorCode"/> says which):
    /// tried again on a fresh worker until it has done so Processing:Parsers:MaxWorkerLosses times, then FAILED.
    /// </summary>
    WorkerLost = 4,
}
