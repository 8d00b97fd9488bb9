namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Which (push, device) pairs a sender holds right now, in the devices grain's memory: each hold lapses after its
/// lease, so a sender that died mid-send holds nothing for long. Not persisted: a lost hold only risks a push sent
/// twice, as at-least-once delivery always did.
/// </summary>
public sealed class PushClaims
{
    private readonly Dictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);

    /// <summary>Holds the pair for <paramref name="lease"/>; false when a hold that has not lapsed is already there.</summary>
    public bool TryClaim(string pushId, string token, DateTimeOffset now, TimeSpan lease)
    {
        var key = Key(pushId, token);
        if (_heldUntil.TryGetValue(key, out var until) && until > now)
        {
            return false;
        }

        if (_heldUntil.Count > 0 && !_heldUntil.ContainsKey(key))
        {
            DropLapsed(now);
        }

        _heldUntil[key] = now + lease;
        return true;
    }

    public void Release(string pushId, string token) => _heldUntil.Remove(Key(pushId, token));

    /// <summary>Releases every hold on <paramref name="token"/> (the device is gone).</summary>
    public void ReleaseDevice(string token)
    {
        var suffix = " " + token;
        foreach (var key in _heldUntil.Keys.Where(key => key.EndsWith(suffix, StringComparison.Ordinal)).ToList())
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

    private static string Key(string pushId, string token) => $"{pushId} {token}";
}
