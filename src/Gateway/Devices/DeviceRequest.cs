namespace BuildPeer.Gateway.Devices;

/// <summary>Body of <c>PUT /api/me/devices/{token}</c>: "android", "ios" or "web", and a BCP 47 locale (default "en").</summary>
public sealed record DeviceRequest(string? Platform, string? Locale);
