using BuildPeer.Grains.Abstractions.Devices;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// The rules of one user's <see cref="MobileDevicesState"/>, without I/O: at most
/// <see cref="DeviceRegistration.MaxDevicesPerUser"/> devices (the least recently registered goes), and each push
/// sent to each device at most once while it is remembered.
/// </summary>
public sealed class DeviceBook(MobileDevicesState state)
{
    /// <summary>Adds or refreshes a device; true when it is new.</summary>
    public bool Register(MobileDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var created = !state.Devices.ContainsKey(device.Token);
        state.Devices[device.Token] = device;
        while (state.Devices.Count > DeviceRegistration.MaxDevicesPerUser)
        {
            var oldest = state.Devices.Values.OrderBy(known => known.RegisteredAt).ThenBy(known => known.Token, StringComparer.Ordinal).First();
            Remove(oldest.Token);
        }

        return created;
    }

    /// <summary>False when <paramref name="token"/> was not registered.</summary>
    public bool Remove(string token)
    {
        if (!state.Devices.Remove(token))
        {
            return false;
        }

        var suffix = " " + token;
        foreach (var key in state.Sent.Keys.Where(key => key.EndsWith(suffix, StringComparison.Ordinal)).ToList())
        {
            state.Sent.Remove(key);
        }

        return true;
    }

    /// <summary>Most recently registered first.</summary>
    public IReadOnlyList<MobileDevice> Devices =>
        [.. state.Devices.Values.OrderByDescending(device => device.RegisteredAt).ThenBy(device => device.Token, StringComparer.Ordinal)];

    public IReadOnlyList<MobileDevice> Unsent(string pushId) =>
        [.. Devices.Where(device => !state.Sent.ContainsKey(SentKey(pushId, device.Token)))];

    /// <summary>Records the send (false for a repeat or a device no longer registered); old memories are let go.</summary>
    public bool MarkSent(string pushId, string token, DateTimeOffset now, TimeSpan rememberFor)
    {
        var cutoff = now - rememberFor;
        foreach (var (key, _) in state.Sent.Where(sent => sent.Value < cutoff).ToList())
        {
            state.Sent.Remove(key);
        }

        return state.Devices.ContainsKey(token) && state.Sent.TryAdd(SentKey(pushId, token), now);
    }

    private static string SentKey(string pushId, string token) => $"{pushId} {token}";
}
