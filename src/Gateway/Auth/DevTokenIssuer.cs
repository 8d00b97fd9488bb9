using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.Gateway.Auth;

/// <summary>Mints HS256 tokens with the development key, for people trying the API by hand and for tests.</summary>
public sealed class DevTokenIssuer(AuthOptions options, TimeProvider time)
{
    /// <summary>A token with <paramref name="role"/> as <see cref="DevTokenRoles"/> expands it.</summary>
    public string Issue(string userId, IReadOnlyCollection<string> tenants, string role, TimeSpan lifetime) =>
        Issue(userId, tenants, role, lifetime, DevelopmentKey());

    /// <summary>Signs with an arbitrary key: lets tests prove that a token from someone else's key is refused.</summary>
    public string Issue(string userId, IReadOnlyCollection<string> tenants, string role, TimeSpan lifetime, string signingKey) =>
        DevTokenRoles.TryExpand(role, tenants, out var roleClaims)
            ? Sign(userId, tenants, roleClaims, lifetime, signingKey)
            : throw new ArgumentException($"Unknown role '{role}'; known: {string.Join(", ", DevTokenRoles.Known)}.", nameof(role));

    /// <summary>A token with exactly these role claims, unexpanded: lets tests send what an identity provider might.</summary>
    public string IssueWithRoleClaims(string userId, IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> roleClaims, TimeSpan lifetime) =>
        Sign(userId, tenants, roleClaims, lifetime, DevelopmentKey());

    private string DevelopmentKey() => options.SigningKey
        ?? throw new InvalidOperationException("Development tokens need Auth:SigningKey; this configuration uses an authority.");

    private string Sign(string userId, IReadOnlyCollection<string> tenants, IReadOnlyCollection<string> roleClaims, TimeSpan lifetime, string signingKey)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(BuildPeerClaims.Subject, userId) };
        claims.AddRange(roleClaims.Select(role => new Claim(BuildPeerClaims.Role, role)));
        claims.AddRange(tenants.Select(tenant => new Claim(BuildPeerClaims.Tenants, tenant)));

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
