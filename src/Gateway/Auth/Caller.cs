namespace BuildPeer.Gateway.Auth;

/// <summary>
/// Who is calling and in which tenant, read from the verified token and the <c>X-Tenant-ID</c> header. Bound only
/// on endpoints behind <see cref="AuthenticationSetup.TenantMemberPolicy"/>, which has already checked both.
/// </summary>
public sealed record Caller(string UserId, string TenantId, bool IsTenantAdmin, bool IsOperator = false)
{
    /// <summary>The token role of a tenant administrator: creates projects and manages any project of its tenants.</summary>
    public const string AdminRole = "admin";

    /// <summary>The token role of the service's own operators: the dead-letter queue spans every tenant.</summary>
    public const string OperatorRole = "operator";

    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var userId = context.User.FindFirst(BuildPeerClaims.Subject)?.Value;
        var tenantId = context.Request.Headers[TenantMembershipRequirement.HeaderName].ToString();
        var roles = context.User.FindAll(BuildPeerClaims.Role).Select(role => role.Value).ToHashSet(StringComparer.Ordinal);
        return ValueTask.FromResult(string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(tenantId)
            ? null
            : new Caller(userId, tenantId, roles.Contains(AdminRole), roles.Contains(OperatorRole)));
    }
}
