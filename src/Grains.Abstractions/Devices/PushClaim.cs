namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>
/// What <see cref="IMobileDevicesGrain.ClaimUnsentAsync"/> hands one sender of a push: the devices it now sends to,
/// and how many others still lack the push while another sender holds them.
/// </summary>
[GenerateSerializer, Immutable, Alias("devices.PushClaim")]
public sealed record PushClaim(
    [property: Id(0)] IReadOnlyList<MobileDevice> Devices,
    [property: Id(1)] int HeldElsewhere);
