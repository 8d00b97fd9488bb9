namespace BuildPeer.Gateway.RateLimiting;

/// <summary>Endpoint metadata: the call counts against the caller's and the tenant's buckets.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute : Attribute
{
    public static readonly RateLimitedAttribute Instance = new();
}
