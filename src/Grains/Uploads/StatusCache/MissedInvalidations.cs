using System.Collections.Concurrent;

namespace BuildPeer.Grains.Uploads.StatusCache;

/// <summary>
/// Uploads whose cached status could not be dropped while Redis was unreachable. Dropped again when it answers, so
/// an entry written before the outage cannot outlive the outage by more than the replay. Bounded: past the cap
/// the entries' own TTLs bound their staleness.
/// </summary>
public sealed class MissedInvalidations(int capacity = MissedInvalidations.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<Guid, byte> _missed = new();

    public int Count => _missed.Count;

    public void Add(Guid uploadId)
    {
        if (_missed.Count < capacity)
        {
            _missed.TryAdd(uploadId, 0);
        }
    }

    /// <summary>Up to <paramref name="size"/> of the missed uploads, to drop in one call.</summary>
    public IReadOnlyList<Guid> NextBatch(int size) => _missed.Keys.Take(size).ToList();

    /// <summary>These were dropped; forget them (an upload missed again meanwhile is dropped again next time).</summary>
    public void Done(IEnumerable<Guid> uploadIds)
    {
        foreach (var uploadId in uploadIds)
        {
            _missed.TryRemove(uploadId, out _);
        }
    }
}
