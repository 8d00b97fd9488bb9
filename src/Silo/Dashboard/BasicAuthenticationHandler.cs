using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Dashboard;

/// <summary>HTTP Basic against the one operator account of <see cref="OperatorDashboardSettings"/>.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorDashboardSettings> settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Basic";
    public const string OperatorRole = "operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are not base64."));
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        var configured = settings.Value;
        if (separator < 0 || !configured.HasCredentials
            || !SameSecret(decoded[..separator], configured.Username!) || !SameSecret(decoded[(separator + 1)..], configured.Password!))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong user name or password."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, configured.Username!), new Claim(ClaimTypes.Role, OperatorRole)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"BuildPeer operators\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    /// <summary>Compares hashes in constant time, so neither the length nor the first wrong byte leaks through timing.</summary>
    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
