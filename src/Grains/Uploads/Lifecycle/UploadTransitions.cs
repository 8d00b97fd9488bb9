using System.Collections.Frozen;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// Every move an upload may make, who or what makes it, and the statuses it may start from. Nothing else changes an
/// upload's status: <see cref="UploadLifecycle"/> asks this table before each move.
/// </summary>
public static class UploadTransitions
{
    private static readonly FrozenDictionary<UploadMove, (FrozenSet<UploadStatus> From, UploadStatus To)> Table =
        new Dictionary<UploadMove, (FrozenSet<UploadStatus>, UploadStatus)>
        {
            [UploadMove.Store] = (Statuses(UploadStatus.Pending), UploadStatus.Uploaded),
            [UploadMove.Expire] = (Statuses(UploadStatus.Pending), UploadStatus.Expired),
            [UploadMove.Abort] = (Statuses(UploadStatus.Pending), UploadStatus.Aborted),
            [UploadMove.StartAttempt] = (Statuses(UploadStatus.Uploaded, UploadStatus.Processing), UploadStatus.Processing),
            [UploadMove.Complete] = (Statuses(UploadStatus.Processing), UploadStatus.Completed),
            [UploadMove.Quarantine] = (Statuses(UploadStatus.Processing), UploadStatus.Quarantined),
            [UploadMove.Fail] = (Statuses(UploadStatus.Uploaded, UploadStatus.Processing), UploadStatus.Failed),
            // Other bytes at the key: scanned and processed again before anything is served. Not once the upload is
            // over (ABORTED, EXPIRED, FAILED, QUARANTINED): those late objects are deleted instead.
            [UploadMove.Rescan] = (Statuses(UploadStatus.Uploaded, UploadStatus.Processing, UploadStatus.Completed), UploadStatus.Processing),
            // An operator's: not a quarantined upload (its object is out of reach on purpose), nor one whose bytes never came.
            [UploadMove.Reprocess] = (Statuses(UploadStatus.Completed, UploadStatus.Failed), UploadStatus.Processing),
        }.ToFrozenDictionary();

    /// <summary>The status <paramref name="move"/> leads to.</summary>
    public static UploadStatus Target(UploadMove move) => Table[move].To;

    public static bool Allows(UploadMove move, UploadStatus from) => Table[move].From.Contains(from);

    /// <summary>The moves that may start from <paramref name="from"/>; none from a terminal status but by an operator or new bytes.</summary>
    public static IReadOnlyList<UploadMove> MovesFrom(UploadStatus from, bool includeRestarts = true) =>
        Table.Where(entry => entry.Value.From.Contains(from)
                             && (includeRestarts || entry.Key is not (UploadMove.Rescan or UploadMove.Reprocess)))
            .Select(entry => entry.Key)
            .Order()
            .ToList();

    private static FrozenSet<UploadStatus> Statuses(params UploadStatus[] statuses) => statuses.ToFrozenSet();
}

/// <summary>The moves of an upload's life, named by what causes them.</summary>
public enum UploadMove
{
    /// <summary>Storage holds the object (an S3 event, or the completion of a multipart upload).</summary>
    Store,

    /// <summary>The URLs expired and the grace period passed without the bytes.</summary>
    Expire,

    /// <summary>The uploader gave up.</summary>
    Abort,

    /// <summary>A processing attempt starts.</summary>
    StartAttempt,

    Complete,

    /// <summary>The scanner found malware.</summary>
    Quarantine,

    /// <summary>The file cannot be processed, or retries ran out.</summary>
    Fail,

    /// <summary>Another object than the one recorded appeared at the upload's key.</summary>
    Rescan,

    /// <summary>An operator sends the upload through processing again.</summary>
    Reprocess,
}
