using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Projects.Listing;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Gateway.Projects;

public static class ProjectUploadsApi
{
    public static RouteGroupBuilder MapProjectUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/projects")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .RequireValidProjectId()
            .WithTags("Projects");

        api.MapGet("{projectId}/uploads", ListUploadsAsync)
            .WithName("ListProjectUploads")
            .WithSummary("A project's uploads, newest first, a page at a time (pass nextCursor back as cursor).")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidCursor, ErrorCodes.InvalidLimit, ErrorCodes.InvalidStatus)
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound);

        return api;
    }

    public static async Task<Results<Ok<ProjectUploadsResponse>, ProblemHttpResult>> ListUploadsAsync(
        string projectId,
        Caller caller,
        IClusterClient cluster,
        [FromQuery] string? status,
        [FromQuery] string? limit,
        [FromQuery] string? cursor)
    {
        // Access first, before even reading the rest of the request: whether the project does not exist, belongs
        // to another tenant, or the caller is neither a member nor a tenant admin, the answer is the same 404
        // (never 403), so nobody learns which projects exist outside what they may see.
        var project = ProjectAccessCheck.Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is { } refused)
        {
            return refused;
        }

        if (!UploadListQuery.TryParse(caller.TenantId, projectId, status, limit, cursor, out var query, out var error))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, error.Code, TitleOf(error.Code), error.Detail);
        }

        var page = await cluster.GetGrain<IUploadCatalogGrain>(0).ListAsync(query);
        return TypedResults.Ok(ProjectUploadsResponse.From(page, query));
    }

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.InvalidCursor => "The cursor is not one this listing issued.",
        ErrorCodes.InvalidLimit => "The limit is out of range.",
        ErrorCodes.InvalidStatus => "The status is not an upload status.",
        _ => "The listing request is not valid.",
    };
}
