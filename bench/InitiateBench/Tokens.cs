using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.InitiateBench;

/// <summary>HS256 tokens with the gateway's development key, shaped like BuildPeer.Gateway.Auth.DevTokenIssuer's.</summary>
internal sealed class Tokens(BenchOptions options)
{
    public string Issue(string userId, string role)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("role", role), new Claim("tenants", options.Tenant)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
