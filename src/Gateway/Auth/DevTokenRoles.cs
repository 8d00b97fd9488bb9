namespace BuildPeer.Gateway.Auth;

/// <summary>
/// The role a person asks a development token for, turned into the token's role claims: <c>admin</c> becomes one
/// <c>{tenant}:admin</c> claim per tenant of the token, <c>{tenant}:admin</c> names one tenant of it, and
/// <c>uploader</c> and <c>operator</c> stay as they are.
/// </summary>
public static class DevTokenRoles
{
    public const string Uploader = "uploader";

    public static readonly IReadOnlyList<string> Known = [Uploader, Caller.AdminRole, Caller.OperatorRole, "{tenant}:admin"];

    public static bool TryExpand(string role, IReadOnlyCollection<string> tenants, out IReadOnlyList<string> claims)
    {
        claims = role switch
        {
            Caller.AdminRole => [.. tenants.Select(Caller.AdminOf)],
            Uploader or Caller.OperatorRole => [role],
            _ when tenants.Any(tenant => role == Caller.AdminOf(tenant)) => [role],
            _ => [],
        };
        return claims.Count > 0;
    }
}
