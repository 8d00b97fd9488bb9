using BuildPeer.Gateway.ApiReference;
using System.Text.RegularExpressions;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// <c>POST /api/dev/token</c>: the browser page's "mint a token" button, the HTTP twin of <see cref="DevTokenCommand"/>.
/// Anyone who can reach it becomes anyone, so it exists only in the Development environment: it is not mapped
/// elsewhere, and the handler refuses again should it ever be reached outside Development.
/// </summary>
public static partial class DevTokenApi
{
    public const string Route = "api/dev/token";
    private const double MaxHours = 24;

    public static WebApplication MapDevTokenApi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapPost(Route, Issue)
                .AllowAnonymous()
                .WithTags("Development")
                .WithName("IssueDevelopmentToken")
                .WithSummary("Development only: a token signed with the development key, for the browser page.")
                .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest)
                .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.NotFound)
                .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.DevTokensUnavailable);
        }

        return app;
    }

    public static Results<Ok<DevTokenResponse>, ProblemHttpResult> Issue(
        DevTokenRequest request, IHostEnvironment environment, IOptions<AuthOptions> auth, DevTokenIssuer issuer)
    {
        if (!environment.IsDevelopment())
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found.");
        }

        if (string.IsNullOrEmpty(auth.Value.SigningKey))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, ErrorCodes.DevTokensUnavailable,
                "This gateway validates tokens from an identity provider (Auth:Authority); it cannot mint any.");
        }

        var tenants = request.Tenants ?? [];
        var role = request.Role ?? DevTokenRoles.Uploader;
        var hours = request.Hours ?? 8;
        if (request.UserId is null || !UserIdPattern().IsMatch(request.UserId)
            || tenants.Count is 0 or > 10 || !tenants.All(ResourceId.IsValid)
            || !DevTokenRoles.TryExpand(role, tenants, out _) || hours is <= 0 or > MaxHours)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The request needs a userId, 1-10 tenants, a known role and at most 24 hours.",
                $"userId: 1-64 of letters, digits, '.', '_', '@', '-'; tenants: {ResourceId.Rule}; role: {string.Join(", ", DevTokenRoles.Known)}.");
        }

        var lifetime = TimeSpan.FromHours(hours);
        var expiresAt = TimeProvider.System.GetUtcNow() + lifetime;
        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(request.UserId, tenants, role, lifetime), expiresAt));
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserIdPattern();
}

/// <summary>
/// Body of <c>POST /api/dev/token</c>; role (see <see cref="DevTokenRoles"/>) defaults to <c>uploader</c>, hours to 8.
/// </summary>
public sealed record DevTokenRequest(string? UserId, IReadOnlyList<string>? Tenants, string? Role, double? Hours);

public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
