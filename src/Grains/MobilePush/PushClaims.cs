namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Which (push, device) pairs a sender holds right now, in the devices grain's memory: each hold lapses after its
/// lease, so a sender that died mid-send holds nothing for long. Not persisted: a lost hold only risks a push sent
/// twice, as at-least-once delivery always did.
/// </summary>
public sealed class PushClaims
{
    private readonly Dictionary<(string PushId, string Token), DateTimeOffset> _heldUntil = [];

    /// <summary>Holds the pair for <paramref name="lease"/>; false when a hold that has not lapsed is already there.</summary>
    public bool TryClaim(string pushId, string token, DateTimeOffset now, TimeSpan lease)
    {
        DropLapsed(now);
        return _heldUntil.TryAdd((pushId, token), now + lease);
    }

    public void Release(string pushId, string token) => _heldUntil.Remove((pushId, token));

    /// <summary>Releases every hold on <paramref name="token"/> (the device is gone).</summary>
    public void ReleaseDevice(string token)
    {
        foreach (var key in _heldUntil.Keys.Where(key => key.Token == token).ToList())
        {
            _heldUntil.Remove(key);
        }
    }

    public int Count => _heldUntil.Count;

    private void DropLapsed(DateTimeOffset now)
    {
        foreach (var (key, _) in _heldUntil.Where(hold => hold.Value <= now).ToList())
        {
            _heldUntil.Remove(key);
        }
    }
}
