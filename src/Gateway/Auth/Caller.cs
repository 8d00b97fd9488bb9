using BuildPeer.Grains.Abstractions.Access;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// Who is calling and in which tenant, read from the verified token and the <c>X-Tenant-ID</c> header (on the hub,
/// <see cref="HubRequest.TenantOf"/>). Bound only
/// on endpoints behind <see cref="AuthenticationSetup.TenantMemberPolicy"/>, which has already checked both. What
/// the caller may do is <see cref="AccessPolicy"/>'s to decide.
/// </summary>
public sealed record Caller(string UserId, string TenantId, bool IsTenantAdmin, bool IsOperator = false)
    : Principal(UserId, TenantId, IsTenantAdmin, IsOperator)
{
    /// <summary>
    /// The tenant administrator role, which a token grants per tenant as the role claim <c>{tenantId}:admin</c>
    /// (<see cref="AdminOf"/>): creates projects and manages any project of that one tenant. A bare <c>admin</c>
    /// claim grants nothing, so a token listing several tenants never makes its holder an admin of all of them.
    /// </summary>
    public const string AdminRole = "admin";

    /// <summary>The service's own operators, platform-wide on purpose: the dead-letter queue spans every tenant.</summary>
    public const string OperatorRole = "operator";

    /// <summary>The role claim that makes its holder a tenant admin of <paramref name="tenantId"/>.</summary>
    public static string AdminOf(string tenantId) => $"{tenantId}:{AdminRole}";

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var userId = context.User.FindFirst(BuildPeerClaims.Subject)?.Value;
        var tenantId = HubRequest.TenantOf(context.Request);
        var roles = context.User.FindAll(BuildPeerClaims.Role).Select(role => role.Value).ToHashSet(StringComparer.Ordinal);
        return ValueTask.FromResult(string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(tenantId)
            ? null
            : new Caller(userId, tenantId, roles.Contains(AdminOf(tenantId)), roles.Contains(OperatorRole)));
    }
}
