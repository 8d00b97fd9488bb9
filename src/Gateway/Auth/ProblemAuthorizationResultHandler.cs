using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Gateway.Auth;

/// <summary>Turns a refused authorization into problem+json that says which rule refused it.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var code = authorizeResult.AuthorizationFailure?.FailureReasons.Select(reason => reason.Message).FirstOrDefault()
            ?? ErrorCodes.Forbidden;
        var (status, title) = code switch
        {
            ErrorCodes.TenantHeaderMissing => (StatusCodes.Status400BadRequest,
                $"The {TenantMembershipRequirement.HeaderName} header is required."),
            ErrorCodes.TenantIdInvalid => (StatusCodes.Status400BadRequest,
                $"The {TenantMembershipRequirement.HeaderName} header is not a tenant id ({Grains.Abstractions.Projects.ResourceId.Rule})."),
            ErrorCodes.TenantForbidden => (StatusCodes.Status403Forbidden,
                "Your token does not grant access to this tenant."),
            _ => (StatusCodes.Status403Forbidden, "You are not allowed to do this."),
        };

        context.Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Extensions = { [ProblemDetailsSetup.CodeExtension] = code },
            },
        });
    }
}
