namespace BuildPeer.Gateway.Auth;

/// <summary>The claims a BuildPeer token carries. Tokens are not remapped to the long WS-* claim names.</summary>
public static class BuildPeerClaims
{
    public const string Subject = "sub";

    /// <summary>One claim per tenant the caller may act in.</summary>
    public const string Tenants = "tenants";

    public const string Role = "role";
}
