using BuildPeer.Grains.Uploads.Processing;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// Counting the attempts that a file's parsing lost (worker killed or stalled, or the silo gone before it reported).
/// Each attempt is presumed lost in the state write that starts it and taken back when it reports anything else, so
/// a silo that dies mid-parse, which never reports, counts as surely as a killed worker.
/// </summary>
public static class WorkerLosses
{
    /// <summary>The count written with the start of an attempt.</summary>
    public static int Presumed(int losses) => losses + 1;

    /// <summary>The count once an attempt reported <paramref name="kind"/>.</summary>
    public static int Settled(int losses, ProcessingOutcomeKind kind) =>
        kind == ProcessingOutcomeKind.WorkerLost ? losses : Math.Max(0, losses - 1);

    /// <summary>Whether the file has cost enough workers (or silos) that it must not be tried again anywhere.</summary>
    public static bool Exhausted(int losses, int maxLosses) => losses >= maxLosses;
}
