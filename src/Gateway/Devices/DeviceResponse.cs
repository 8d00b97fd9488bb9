using BuildPeer.Grains.Abstractions.Devices;

namespace BuildPeer.Gateway.Devices;

/// <summary>A registered device as the API shows it.</summary>
public sealed record DeviceResponse(string Token, string Platform, string Locale, DateTimeOffset RegisteredAt)
{
    public static DeviceResponse From(MobileDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new DeviceResponse(device.Token, device.Platform.ToString().ToLowerInvariant(), device.Locale, device.RegisteredAt);
    }
}

/// <summary>The caller's devices in the tenant, most recently registered first.</summary>
public sealed record DeviceListResponse(IReadOnlyList<DeviceResponse> Devices);
