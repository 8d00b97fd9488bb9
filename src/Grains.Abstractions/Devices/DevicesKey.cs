using BuildPeer.Grains.Abstractions.Digests;

namespace BuildPeer.Grains.Abstractions.Devices;

/// <summary>Devices belong to one user of one tenant, keyed exactly like that user's digest.</summary>
public static class DevicesKey
{
    public static string Of(string tenantId, string userId) => DigestKey.Of(tenantId, userId);

    public static (string TenantId, string UserId) Parse(string key) => DigestKey.Parse(key);
}
