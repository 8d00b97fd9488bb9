namespace BuildPeer.Gateway.Auth;

/// <summary>
/// Who is calling and in which tenant, read from the verified token and the <c>X-Tenant-ID</c> header. Bound only
/// on endpoints behind <see cref="AuthenticationSetup.TenantMemberPolicy"/>, which has already checked both.
/// </summary>
public sealed record Caller(string UserId, string TenantId)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var userId = context.User.FindFirst(BuildPeerClaims.Subject)?.Value;
        var tenantId = context.Request.Headers[TenantMembershipRequirement.HeaderName].ToString();
        return ValueTask.FromResult(string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(tenantId)
            ? null
            : new Caller(userId, tenantId));
    }
}
