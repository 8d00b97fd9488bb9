namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>Where a push token came from; FCM serves all three through the same HTTP v1 API.</summary>
[GenerateSerializer, Alias("devices.DevicePlatform")]
public enum DevicePlatform
{
    Android,
    Ios,
    Web,
}
