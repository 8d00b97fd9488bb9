using System.Collections.Concurrent;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// Upload ids this silo minted moments ago and whose grain has not activated here yet. Such a grain can have no
/// stored state (only its own activation writes one, and none has run), so its first activation here skips the read
/// that every other activation makes: an initiate then costs the database one statement per file instead of two.
/// </summary>
/// <remarks>
/// An id is claimed once: a later activation of the same upload reads as usual. An id whose grain activates on
/// another silo is read there as usual and expires here unclaimed after <see cref="Lifetime"/>. Claiming wrongly
/// could not lose a state anyway: a grain that believes itself new may only create its row, never overwrite one.
/// </remarks>
public sealed class FreshUploadIds(TimeProvider time)
{
    /// <summary>How long a minted id may wait for its activation; an initiate activates its uploads at once.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int PruneEvery = 1024;

    private readonly ConcurrentDictionary<Guid, long> _minted = new();
    private int _mintedSincePrune;

    /// <summary>A new upload id (time-ordered), remembered as fresh.</summary>
    public Guid Mint()
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        _minted[id] = time.GetTimestamp();
        if (Interlocked.Increment(ref _mintedSincePrune) % PruneEvery == 0)
        {
            Prune();
        }

        return id;
    }

    /// <summary>True once for an id minted here within <see cref="Lifetime"/>; false for every other id and call.</summary>
    public bool TryClaim(Guid id) => _minted.TryRemove(id, out var mintedAt) && time.GetElapsedTime(mintedAt) < Lifetime;

    /// <summary>Ids minted and not yet claimed or pruned.</summary>
    public int Count => _minted.Count;

    private void Prune()
    {
        foreach (var (id, mintedAt) in _minted)
        {
            if (time.GetElapsedTime(mintedAt) >= Lifetime)
            {
                _minted.TryRemove(id, out _);
            }
        }
    }
}
