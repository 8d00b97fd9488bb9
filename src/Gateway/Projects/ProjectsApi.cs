using System.ComponentModel;
using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Projects.Listing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BuildPeer.Gateway.Projects;

/// <summary>
/// Projects, their members and limits. Who may do what is <see cref="AccessPolicy"/>'s: tenant admins create
/// projects and manage any project of their tenant, a project's managers manage its members, and nobody outside a
/// project learns it exists.
/// </summary>
public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/projects")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .RequireValidProjectId()
            .WithTags("Projects");

        api.MapGet("", ListAsync).WithName("ListProjects")
            .WithSummary("The caller's projects in the tenant by name (every project of it for tenant admins), for a project picker, "
                + "a page at a time (pass nextCursor back as after); q keeps those whose name or id contains it, ignoring case.")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidSearch, ErrorCodes.InvalidLimit, ErrorCodes.InvalidCursor);
        api.MapPost("", CreateAsync).WithName("CreateProject").WithSummary("Create a project in the caller's tenant (tenant admins).")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, ErrorCodes.ProjectIdInvalid,
                ErrorCodes.InvalidProjectName, ErrorCodes.InvalidLimits)
            .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted)
            .ProducesProblemCodes(StatusCodes.Status409Conflict, ErrorCodes.ProjectExists);
        api.MapGet("{projectId}", GetAsync).WithName("GetProject").WithSummary("A project with its members and limits.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound);
        api.MapPut("{projectId}/members/{userId}", SetMemberAsync).WithName("SetProjectMember")
            .WithSummary("Add a member or change their role and email address (tenant admins and project managers).")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRole, ErrorCodes.InvalidUserId, ErrorCodes.InvalidEmail)
            .ProducesManagementRefusals();
        api.MapDelete("{projectId}/members/{userId}", RemoveMemberAsync).WithName("RemoveProjectMember")
            .WithSummary("Remove a member (tenant admins and project managers).")
            .ProducesManagementRefusals()
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.MemberNotFound);
        api.MapPut("{projectId}/limits", SetLimitsAsync).WithName("SetProjectLimits").WithSummary("Change a project's limits (tenant admins).")
            .ProducesProblemCodes(StatusCodes.Status400BadRequest, ErrorCodes.InvalidLimits)
            .ProducesManagementRefusals();
        api.MapGet("{projectId}/quota", GetQuotaAsync).WithName("GetProjectQuota").WithSummary("A project's limits and usage.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound);
        return api;
    }

    public static async Task<Results<Ok<ProjectListResponse>, ProblemHttpResult>> ListAsync(
        Caller caller,
        IClusterClient cluster,
        [FromQuery, Description("Keep the projects whose name or id contains this text, ignoring case; at most 100 characters.")] string? q,
        [FromQuery, Description("Projects per page, 1-500 (default 500).")] string? limit,
        [FromQuery, Description("The nextCursor of the previous page, for the same q.")] string? after)
    {
        var wholeTenant = AccessPolicy.Decide(caller, AccessAction.ListEveryProject, AccessTarget.Tenant).Allowed;
        if (!ProjectListQuery.TryParse(caller.TenantId, caller.UserId, wholeTenant, q, limit, after, out var query, out var error))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, error.Code, ListingTitleOf(error.Code), error.Detail);
        }

        var page = await cluster.GetGrain<IProjectCatalogGrain>(0).ListPageAsync(query);
        return TypedResults.Ok(ProjectListResponse.From(caller, page, query));
    }

    public static async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> CreateAsync(
        CreateProjectRequest request, Caller caller, IClusterClient cluster)
    {
        if (AccessProblems.Refusal(caller, AccessAction.CreateProject, AccessTarget.Tenant) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(request.ProjectId))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "The request needs a projectId and a name.");
        }

        if (!ResourceId.IsValid(request.ProjectId))
        {
            return ProjectIdRouteFilter.Invalid();
        }

        var limits = request.Limits?.ApplyTo(ProjectLimits.Default) ?? ProjectLimits.Default;
        var result = await Project(cluster, caller, request.ProjectId).CreateAsync(request.Name ?? string.Empty, limits);
        return result.Succeeded
            ? TypedResults.Created($"/api/projects/{request.ProjectId}", ProjectResponse.From(result.Project!))
            : Refused(result);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> GetAsync(
        string projectId, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        var target = await ProjectAccessCheck.TargetAsync(project, projectId, caller);
        if (AccessProblems.Refusal(caller, AccessAction.ViewProject, target) is { } refused)
        {
            return refused;
        }

        // Addresses are personal: the people who manage the members see them, everyone else only their own.
        var seesEveryEmail = AccessPolicy.Decide(caller, AccessAction.SeeMemberEmails, target).Allowed;
        return await project.GetAsync() is { } view
            ? TypedResults.Ok(ProjectResponse.From(view, member => seesEveryEmail || member == caller.UserId))
            : ProjectNotFound();
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> SetMemberAsync(
        string projectId, string userId, MemberRequest request, Caller caller, IClusterClient cluster)
    {
        if (!ProjectRoleExtensions.TryParseWireName(request.Role, out var role))
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRole,
                "The role must be VIEWER, UPLOADER or MANAGER.");
        }

        var project = Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ManageMembers) is { } refused)
        {
            return refused;
        }

        var result = await project.SetMembershipAsync(userId, role, request.Email);
        return result.Succeeded ? TypedResults.Ok(ProjectResponse.From(result.Project!)) : Refused(result);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> RemoveMemberAsync(
        string projectId, string userId, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ManageMembers) is { } refused)
        {
            return refused;
        }

        var result = await project.RemoveMemberAsync(userId);
        return result.Succeeded ? TypedResults.Ok(ProjectResponse.From(result.Project!)) : Refused(result);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> SetLimitsAsync(
        string projectId, LimitsRequest request, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.SetLimits) is { } refused)
        {
            return refused;
        }

        if (await project.GetAsync() is not { } current)
        {
            return ProjectNotFound();
        }

        var result = await project.SetLimitsAsync(request.ApplyTo(current.Limits));
        return result.Succeeded ? TypedResults.Ok(ProjectResponse.From(result.Project!)) : Refused(result);
    }

    public static async Task<Results<Ok<QuotaResponse>, ProblemHttpResult>> GetQuotaAsync(
        string projectId, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is { } refused)
        {
            return refused;
        }

        return await project.GetQuotaAsync() is { } quota ? TypedResults.Ok(QuotaResponse.From(quota)) : ProjectNotFound();
    }

    /// <summary>A change to a project: refused to those who only see it, hidden from everyone else.</summary>
    private static RouteHandlerBuilder ProducesManagementRefusals(this RouteHandlerBuilder builder) => builder
        .ProducesProblemCodes(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted)
        .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound);

    private static string ListingTitleOf(string code) => code switch
    {
        ErrorCodes.InvalidSearch => "The search is not one the listing accepts.",
        ErrorCodes.InvalidCursor => "The cursor is not one this listing issued.",
        ErrorCodes.InvalidLimit => "The limit is out of range.",
        _ => "The listing request is not valid.",
    };

    private static IProjectGrain Project(IClusterClient cluster, Caller caller, string projectId) =>
        ProjectAccessCheck.Project(cluster, caller, projectId);

    private static ProblemHttpResult ProjectNotFound() =>
        ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound, "No such project.");

    private static ProblemHttpResult Refused(ProjectCommandResult result) => result.RefusalCode switch
    {
        ErrorCodes.ProjectNotFound or ErrorCodes.MemberNotFound =>
            ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, result.RefusalCode, result.Detail!),
        ErrorCodes.ProjectExists =>
            ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, result.RefusalCode, result.Detail!),
        _ => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, result.RefusalCode!, result.Detail!),
    };
}
