using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Projects;

/// <summary>
/// Refuses a <c>{projectId}</c> route value outside the id grammar before any handler runs, so a path such as
/// <c>a%2Fb</c> never reaches a grain key. No project can have such an id, so the answer tells nobody anything.
/// </summary>
public static class ProjectIdRouteFilter
{
    public const string RouteValue = "projectId";

    public static TBuilder RequireValidProjectId<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Declared only where the route has the value, so the OpenAPI document lists the code where it can occur.
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && pattern.GetParameter(RouteValue) is not null)
            {
                endpoint.Metadata.Add(new ProblemCodesMetadata(StatusCodes.Status400BadRequest, [ErrorCodes.ProjectIdInvalid], []));
            }
        });
        return builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue(RouteValue) is string projectId && !ResourceId.IsValid(projectId)
                ? Invalid()
                : await next(context));
    }

    public static ProblemHttpResult Invalid() => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest,
        ErrorCodes.ProjectIdInvalid, "The project id is not valid.", $"A project id is {ResourceId.Rule}.");
}
