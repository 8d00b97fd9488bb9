using System.Globalization;
using System.Security.Claims;

namespace BuildPeer.Gateway.Auth;

/// <summary>When the caller's verified token stops being valid (its <c>exp</c> claim), for work that outlives the request's start.</summary>
public static class TokenExpiry
{
    public const string Claim = "exp";

    public static DateTimeOffset? Of(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(Claim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
