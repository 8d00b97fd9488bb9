namespace BuildPeer.Grains.Abstractions.Digests;

/// <summary>A digest goes to one user of one tenant: its grain key carries both.</summary>
public static class DigestKey
{
    public static string Of(string tenantId, string userId) => $"{tenantId}/{userId}";

    /// <summary>Tenant ids never contain '/', user ids may: the first '/' separates them.</summary>
    public static (string TenantId, string UserId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..])
            : throw new FormatException($"'{key}' is not a digest key (tenant/user).");
    }
}
