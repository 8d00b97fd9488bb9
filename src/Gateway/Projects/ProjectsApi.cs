using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Projects;

/// <summary>
/// Projects, their members and limits. Tenant admins (token role <c>admin</c>) create projects and manage any
/// project of their tenant; a project's managers manage its members. Nobody outside a project learns it exists.
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
            .WithSummary("The caller's projects in the tenant by name (every project of it for tenant admins), for a project picker.");
        api.MapPost("", CreateAsync).WithName("CreateProject").WithSummary("Create a project in the caller's tenant (tenant admins).");
        api.MapGet("{projectId}", GetAsync).WithName("GetProject").WithSummary("A project with its members and limits.");
        api.MapPut("{projectId}/members/{userId}", SetMemberAsync).WithName("SetProjectMember")
            .WithSummary("Add a member or change their role and email address (tenant admins and project managers).");
        api.MapDelete("{projectId}/members/{userId}", RemoveMemberAsync).WithName("RemoveProjectMember")
            .WithSummary("Remove a member (tenant admins and project managers).");
        api.MapPut("{projectId}/limits", SetLimitsAsync).WithName("SetProjectLimits").WithSummary("Change a project's limits (tenant admins).");
        api.MapGet("{projectId}/quota", GetQuotaAsync).WithName("GetProjectQuota").WithSummary("A project's limits and usage.");
        return api;
    }

    public static async Task<Ok<ProjectListResponse>> ListAsync(Caller caller, IClusterClient cluster)
    {
        var projects = await cluster.GetGrain<IProjectCatalogGrain>(0)
            .ListVisibleAsync(caller.TenantId, caller.UserId, caller.IsTenantAdmin, ProjectListResponse.MaxProjects);
        return TypedResults.Ok(ProjectListResponse.From(projects));
    }

    public static async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> CreateAsync(
        CreateProjectRequest request, Caller caller, IClusterClient cluster)
    {
        if (!caller.IsTenantAdmin)
        {
            return NotPermitted("Only a tenant admin can create projects.");
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
        var access = caller.IsTenantAdmin ? null : await project.GetAccessAsync(caller.UserId);
        if (access is { CanView: false })
        {
            return ProjectNotFound();
        }

        // Addresses are personal: the people who manage the members see them, everyone else only their own.
        var seesEveryEmail = caller.IsTenantAdmin || access is { CanManage: true };
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
        if (await ManageProblemAsync(project, caller) is { } problem)
        {
            return problem;
        }

        var result = await project.SetMembershipAsync(userId, role, request.Email);
        return result.Succeeded ? TypedResults.Ok(ProjectResponse.From(result.Project!)) : Refused(result);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> RemoveMemberAsync(
        string projectId, string userId, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        if (await ManageProblemAsync(project, caller) is { } problem)
        {
            return problem;
        }

        var result = await project.RemoveMemberAsync(userId);
        return result.Succeeded ? TypedResults.Ok(ProjectResponse.From(result.Project!)) : Refused(result);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> SetLimitsAsync(
        string projectId, LimitsRequest request, Caller caller, IClusterClient cluster)
    {
        var project = Project(cluster, caller, projectId);
        if (!caller.IsTenantAdmin)
        {
            return await CanViewAsync(project, caller) ? NotPermitted("Only a tenant admin can change limits.") : ProjectNotFound();
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
        if (!await CanViewAsync(project, caller))
        {
            return ProjectNotFound();
        }

        return await project.GetQuotaAsync() is { } quota ? TypedResults.Ok(QuotaResponse.From(quota)) : ProjectNotFound();
    }

    private static IProjectGrain Project(IClusterClient cluster, Caller caller, string projectId) =>
        cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, projectId));

    private static async Task<bool> CanViewAsync(IProjectGrain project, Caller caller) =>
        caller.IsTenantAdmin || (await project.GetAccessAsync(caller.UserId)).CanView;

    private static async Task<ProblemHttpResult?> ManageProblemAsync(IProjectGrain project, Caller caller)
    {
        if (caller.IsTenantAdmin)
        {
            return null;
        }

        var access = await project.GetAccessAsync(caller.UserId);
        return access.CanManage ? null
            : access.CanView ? NotPermitted("Only the project's managers and tenant admins can change its members.")
            : ProjectNotFound();
    }

    internal static ProblemHttpResult ProjectNotFound() =>
        ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound, "No such project.");

    private static ProblemHttpResult NotPermitted(string title) =>
        ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, ErrorCodes.NotPermitted, title);

    private static ProblemHttpResult Refused(ProjectCommandResult result) => result.RefusalCode switch
    {
        ErrorCodes.ProjectNotFound or ErrorCodes.MemberNotFound =>
            ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, result.RefusalCode, result.Detail!),
        ErrorCodes.ProjectExists =>
            ProblemDetailsSetup.Problem(StatusCodes.Status409Conflict, result.RefusalCode, result.Detail!),
        _ => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, result.RefusalCode!, result.Detail!),
    };
}
