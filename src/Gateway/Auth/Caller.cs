namespace BuildPeer.Gateway.Auth;

/// <summary>
/// Who is calling and in which tenant, read from the verified token and the <c>X-Tenant-ID</c> header. Bound only
/// on endpoints behind <see cref="AuthenticationSetup.TenantMemberPolicy"/>, which has already checked both.
/// </summary>
public sealed record Caller(string UserId, string TenantId, bool IsTenantAdmin)
{
    /// <summary>The token role of a tenant administrator: creates projects and manages any project of its tenants.</summary>
    public const string AdminRole = "admin";

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var userId = context.User.FindFirst(BuildPeerClaims.Subject)?.Value;
        var tenantId = context.Request.Headers[TenantMembershipRequirement.HeaderName].ToString();
        var isAdmin = context.User.FindAll(BuildPeerClaims.Role).Any(role => role.Value == AdminRole);
        return ValueTask.FromResult(string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(tenantId)
            ? null
            : new Caller(userId, tenantId, isAdmin));
    }
}
