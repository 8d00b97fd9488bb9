namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>
/// One user's push devices in one tenant (key: <see cref="DevicesKey.Of"/>), and which pushes each was sent lately,
/// so that a notification SQS delivers again is not pushed twice.
/// </summary>
[Alias("devices.IMobileDevicesGrain")]
public interface IMobileDevicesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers <paramref name="token"/> (or refreshes it): true when it is new. Past the cap the least recently
    /// registered device is dropped. Arguments are already valid (<see cref="DeviceRegistration"/>).
    /// </summary>
    [Alias("Register")]
    Task<bool> RegisterAsync(string token, DevicePlatform platform, string locale);

    /// <summary>Forgets <paramref name="token"/>; nothing happens when it is not registered.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string token);

    /// <summary>Every registered device, most recently registered first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<MobileDevice>> ListAsync();

    /// <summary>
    /// The devices that have not yet been sent push <paramref name="pushId"/> and that no other sender holds, now held
    /// by the caller until it marks, removes or releases each, or the hold lapses: a notification delivered twice at
    /// once is sent once. Devices another sender holds are only counted.
    /// </summary>
    [Alias("ClaimUnsent")]
    Task<PushClaim> ClaimUnsentAsync(string pushId);

    /// <summary>Remembers that push <paramref name="pushId"/> reached FCM for <paramref name="token"/>.</summary>
    [Alias("MarkSent")]
    Task MarkSentAsync(string pushId, string token);

    /// <summary>Lets go of devices claimed for push <paramref name="pushId"/> that were not sent it, for a later try.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string pushId, IReadOnlyList<string> tokens);
}
