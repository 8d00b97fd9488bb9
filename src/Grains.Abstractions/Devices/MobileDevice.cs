namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>One device registered for push: its FCM registration token, platform and the locale its texts are in.</summary>
[GenerateSerializer, Immutable, Alias("devices.MobileDevice")]
public sealed record MobileDevice(
    [property: Id(0)] string Token,
    [property: Id(1)] DevicePlatform Platform,
    [property: Id(2)] string Locale,
    [property: Id(3)] DateTimeOffset RegisteredAt);
