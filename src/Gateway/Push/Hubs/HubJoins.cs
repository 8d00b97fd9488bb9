namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>What a join asks of <see cref="HubJoins"/>.</summary>
public enum JoinOutcome
{
    /// <summary>A new membership: subscribe and send the current state.</summary>
    Joined,

    /// <summary>Already a member: nothing to do (the client has the state and gets the changes).</summary>
    AlreadyJoined,

    /// <summary>The connection holds as many memberships as allowed.</summary>
    TooMany,
}

/// <summary>
/// The memberships of one hub connection, capped: each is a feed subscription, a queue and an access re-check, so
/// one connection must not be able to open them without bound. Not thread-safe; its owner locks.
/// </summary>
public sealed class HubJoins<TMembership>(int max) where TMembership : class
{
    private readonly Dictionary<string, TMembership?> _joined = new(StringComparer.Ordinal);

    public int Count => _joined.Count;

    /// <summary>Reserves <paramref name="key"/>; a <see cref="JoinOutcome.Joined"/> is to be completed with <see cref="Set"/> or undone with <see cref="Remove"/>.</summary>
    public JoinOutcome Reserve(string key)
    {
        if (_joined.ContainsKey(key))
        {
            return JoinOutcome.AlreadyJoined;
        }

        if (_joined.Count >= max)
        {
            return JoinOutcome.TooMany;
        }

        _joined.Add(key, null);
        return JoinOutcome.Joined;
    }

    public void Set(string key, TMembership membership) => _joined[key] = membership;

    /// <summary>The membership that held <paramref name="key"/>, if any (null while still being set up).</summary>
    public TMembership? Remove(string key) => _joined.Remove(key, out var membership) ? membership : null;

    /// <summary>Removes <paramref name="key"/> only while it still holds <paramref name="membership"/> (not a later join).</summary>
    public bool Remove(string key, TMembership membership) =>
        _joined.TryGetValue(key, out var held) && ReferenceEquals(held, membership) && _joined.Remove(key);

    /// <summary>Takes every membership out, for the connection's end.</summary>
    public List<TMembership> RemoveAll()
    {
        var all = _joined.Values.OfType<TMembership>().ToList();
        _joined.Clear();
        return all;
    }
}
