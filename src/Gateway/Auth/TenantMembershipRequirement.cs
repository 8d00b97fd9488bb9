using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Authorization;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// The caller names the tenant it acts in with <c>X-Tenant-ID</c> (or, on the hub, <see cref="HubRequest.TenantOf"/>):
/// it must be a well-formed tenant id (it becomes part of grain and storage keys), and the token must list that tenant.
/// </summary>
public sealed class TenantMembershipRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string HeaderName = "X-Tenant-ID";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not HttpContext httpContext)
        {
            return Task.CompletedTask;
        }

        var tenant = HubRequest.TenantOf(httpContext.Request);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            context.Fail(new AuthorizationFailureReason(this, ErrorCodes.TenantHeaderMissing));
        }
        else if (!ResourceId.IsValid(tenant))
        {
            context.Fail(new AuthorizationFailureReason(this, ErrorCodes.TenantIdInvalid));
        }
        else if (!context.User.FindAll(BuildPeerClaims.Tenants).Any(claim => claim.Value == tenant))
        {
            context.Fail(new AuthorizationFailureReason(this, ErrorCodes.TenantForbidden));
        }
        else
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }
}
