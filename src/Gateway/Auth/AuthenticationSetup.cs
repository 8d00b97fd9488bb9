using System.Text;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.Gateway.Auth;

public static class AuthenticationSetup
{
    public const string TenantMemberPolicy = "TenantMember";

    /// <summary>
    /// Bearer JWTs: HS256 with the configured key in development, the authority's JWKS in production. A missing or
    /// bad token gets a problem+json 401 that says which.
    /// </summary>
    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName);
        services.AddSingleton<IValidateOptions<AuthOptions>, SigningKeyPolicy>();
        services.AddSingleton(sp => new DevTokenIssuer(sp.GetRequiredService<IOptions<AuthOptions>>().Value, TimeProvider.System));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => ConfigureJwt(jwt, auth.Value));

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder().AddPolicy(TenantMemberPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireClaim(BuildPeerClaims.Subject)
            .AddRequirements(new TenantMembershipRequirement()));
        return services;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        // Nothing reads the raw token back from the authentication properties: storing it cost every request a
        // dictionary of token entries.
        jwt.SaveToken = false;
        jwt.Authority = auth.Authority?.ToString();
        jwt.RequireHttpsMetadata = auth.Authority?.Scheme == Uri.UriSchemeHttps;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            NameClaimType = BuildPeerClaims.Subject,
            RoleClaimType = BuildPeerClaims.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKey = auth.SigningKey is { Length: > 0 } key
                ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key))
                : null,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnChallenge = WriteChallengeProblemAsync,
            // The hub's WebSocket cannot carry the header; the header wins where both are sent.
            OnMessageReceived = context =>
            {
                if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
                {
                    context.Token = HubRequest.TokenOf(context.Request);
                }

                return Task.CompletedTask;
            },
        };
    }

    private static async Task WriteChallengeProblemAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var tokenPresent = context.AuthenticateFailure is not null || !string.IsNullOrEmpty(context.Error);
        var (code, title) = tokenPresent
            ? (ErrorCodes.InvalidToken, "The bearer token is invalid or expired.")
            : (ErrorCodes.MissingToken, "A bearer token is required.");

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer";
        var problemDetails = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = title,
                Extensions = { [ProblemDetailsSetup.CodeExtension] = code },
            },
        });
    }
}
