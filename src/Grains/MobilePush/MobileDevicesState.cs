using BuildPeer.Grains.Abstractions.Devices;

namespace BuildPeer.Grains.MobilePush;

/// <summary>One user's devices in one tenant, and the pushes sent to them lately.</summary>
[GenerateSerializer, Alias("devices.MobileDevicesState")]
public sealed class MobileDevicesState
{
    /// <summary>Registered devices by token.</summary>
    [Id(0)] public Dictionary<string, MobileDevice> Devices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>"{pushId} {token}" of each push that reached FCM, with when, kept for a while to recognise redeliveries.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> Sent { get; set; } = new(StringComparer.Ordinal);
}
