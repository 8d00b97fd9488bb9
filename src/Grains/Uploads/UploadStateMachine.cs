using System.Collections.Frozen;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Every move an upload may make. Anything not listed is refused; moving to the state an upload is already in is
/// a repeat and changes nothing, which is what makes duplicate events and retried commands harmless.
/// </summary>
public static class UploadStateMachine
{
    private static readonly FrozenDictionary<UploadStatus, FrozenSet<UploadStatus>> Moves =
        new Dictionary<UploadStatus, FrozenSet<UploadStatus>>
        {
            [UploadStatus.Pending] = new[] { UploadStatus.Uploaded, UploadStatus.Expired, UploadStatus.Aborted, UploadStatus.Failed }.ToFrozenSet(),
            [UploadStatus.Uploaded] = new[] { UploadStatus.Processing, UploadStatus.Failed }.ToFrozenSet(),
            [UploadStatus.Processing] = new[] { UploadStatus.Completed, UploadStatus.Failed, UploadStatus.Quarantined }.ToFrozenSet(),
            [UploadStatus.Completed] = FrozenSet<UploadStatus>.Empty,
            [UploadStatus.Failed] = FrozenSet<UploadStatus>.Empty,
            [UploadStatus.Quarantined] = FrozenSet<UploadStatus>.Empty,
            [UploadStatus.Expired] = FrozenSet<UploadStatus>.Empty,
            [UploadStatus.Aborted] = FrozenSet<UploadStatus>.Empty,
        }.ToFrozenDictionary();

    public static TransitionKind Classify(UploadStatus from, UploadStatus to) =>
        from == to ? TransitionKind.Repeat
        : Moves[from].Contains(to) ? TransitionKind.Allowed
        : TransitionKind.Refused;

    public static IReadOnlySet<UploadStatus> AllowedFrom(UploadStatus from) => Moves[from];

    /// <summary>
    /// An operator may send a finished upload through processing again (new outputs over the old, one more
    /// notification). Not a quarantined one: its object is out of reach on purpose; nor one whose bytes never came.
    /// </summary>
    public static bool CanReprocess(UploadStatus from) => from is UploadStatus.Completed or UploadStatus.Failed;
}

public enum TransitionKind
{
    Allowed,
    Repeat,
    Refused,
}
