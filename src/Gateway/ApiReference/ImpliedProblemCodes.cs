using System.Reflection;
using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Authorization;

namespace BuildPeer.Gateway.ApiReference;

/// <summary>What the framework binds for an endpoint, as far as it can refuse a request.</summary>
/// <param name="BindsBody">A JSON body: 400 when malformed, 415 when not JSON.</param>
/// <param name="BindsTypedValues">A query or header value that is not a string: 400 when it does not parse.</param>
/// <param name="ConstrainsRoute">A route value with a constraint (<c>{uploadId:guid}</c>): no match is 404 not_found.</param>
public sealed record EndpointBinding(bool BindsBody, bool BindsTypedValues, bool ConstrainsRoute);

/// <summary>
/// The codes an endpoint answers without its handler saying so, read from what the endpoint is: authorization
/// (401, and the tenant policy's 400/403), a handler that calls the cluster (503 from the exception handlers), and
/// what the framework binds (400, 404, 415).
/// </summary>
public static class ImpliedProblemCodes
{
    public static IEnumerable<ProblemCodesMetadata> Of(IReadOnlyList<object> metadata, EndpointBinding binding)
    {
        if (RequiresAuthorization(metadata))
        {
            yield return Codes(StatusCodes.Status401Unauthorized, ErrorCodes.MissingToken, ErrorCodes.InvalidToken);
        }

        if (RequiresTenantMember(metadata))
        {
            yield return Codes(StatusCodes.Status400BadRequest, ErrorCodes.TenantHeaderMissing, ErrorCodes.TenantIdInvalid);
            yield return Codes(StatusCodes.Status403Forbidden, ErrorCodes.TenantForbidden);
        }

        if (binding.BindsBody || binding.BindsTypedValues)
        {
            yield return Codes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest);
        }

        if (binding.ConstrainsRoute)
        {
            yield return Codes(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        if (binding.BindsBody)
        {
            yield return Codes(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        }

        if (CallsCluster(metadata))
        {
            yield return Codes(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ClusterUnavailable, ErrorCodes.DependencyUnavailable);
        }
    }

    public static bool RequiresAuthorization(IReadOnlyList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    public static bool RequiresTenantMember(IReadOnlyList<object> metadata) =>
        RequiresAuthorization(metadata)
        && metadata.OfType<IAuthorizeData>().Any(data => data.Policy == AuthenticationSetup.TenantMemberPolicy);

    /// <summary>Handlers reach grains only through an injected <see cref="IClusterClient"/>.</summary>
    private static bool CallsCluster(IReadOnlyList<object> metadata) =>
        metadata.OfType<MethodInfo>().Any(handler => handler.GetParameters().Any(p => p.ParameterType == typeof(IClusterClient)));

    private static ProblemCodesMetadata Codes(int status, params string[] codes) => new(status, codes, []);
}
