using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Projects;

/// <summary>Looks up the caller's standing in a project and asks <see cref="AccessPolicy"/>.</summary>
public static class ProjectAccessCheck
{
    public static IProjectGrain Project(IClusterClient cluster, Caller caller, string projectId) =>
        cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, projectId));

    public static async Task<AccessTarget> TargetAsync(IProjectGrain project, string projectId, Caller caller) =>
        AccessTarget.Project(projectId, await project.GetAccessAsync(caller.UserId));

    /// <summary>Null when the caller may do <paramref name="action"/> in the project, the problem to answer otherwise.</summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(IProjectGrain project, string projectId, Caller caller, AccessAction action) =>
        AccessProblems.Refusal(caller, action, await TargetAsync(project, projectId, caller));
}
