using System.Threading.RateLimiting;
using BuildPeer.Gateway.Auth;

namespace BuildPeer.Gateway.RateLimiting;

/// <summary>
/// Which bucket a request draws from. Only endpoints marked <see cref="RateLimitedAttribute"/> and only callers the
/// authorization policy has already accepted are limited; everything else passes without a limiter.
/// </summary>
public static class RateLimitPartitions
{
    private const string Unlimited = "";

    public static string? UserKey(HttpContext context) =>
        Identify(context) is { } caller ? $"user:{caller.Tenant}/{caller.User}" : null;

    public static string? TenantKey(HttpContext context) =>
        Identify(context) is { } caller ? $"tenant:{caller.Tenant}" : null;

    public static RateLimitPartition<string> For(string? key, TokenBucketSettings bucket) =>
        key is null
            ? RateLimitPartition.GetNoLimiter(Unlimited)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.BurstSize,
                TokensPerPeriod = bucket.TokensPerPeriod,
                ReplenishmentPeriod = bucket.Period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    private static (string Tenant, string User)? Identify(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is null)
        {
            return null;
        }

        var user = context.User.FindFirst(BuildPeerClaims.Subject)?.Value;
        var tenant = context.Request.Headers[TenantMembershipRequirement.HeaderName].ToString();
        return string.IsNullOrEmpty(user) || string.IsNullOrEmpty(tenant) ? null : (tenant, user);
    }
}
