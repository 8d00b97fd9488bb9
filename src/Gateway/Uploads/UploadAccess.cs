using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Uploads;

/// <summary>
/// An upload as far as access depends on it: its grain, its view when it exists in the caller's tenant, and the
/// caller's standing in its project. <see cref="AccessPolicy"/> decides what the caller may do with it.
/// </summary>
public sealed record UploadAccess(IUploadGrain Grain, UploadStatusView? View, AccessTarget Target)
{
    public static async Task<UploadAccess> LoadAsync(Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<IUploadGrain>(uploadId);
        if (await grain.GetStatusAsync(caller.TenantId) is not { } view)
        {
            return new UploadAccess(grain, null, AccessTarget.NoUpload);
        }

        var project = await ProjectStandingAsync(caller, view.ProjectId, cluster);
        return new UploadAccess(grain, view, AccessTarget.Upload(view.ProjectId, project, view.UploadedBy));
    }

    /// <summary>The upload when the caller may do <paramref name="action"/> to it, otherwise the problem to answer.</summary>
    public static async Task<(UploadAccess? Upload, ProblemHttpResult? Problem)> AuthorizeAsync(
        Guid uploadId, Caller caller, AccessAction action, IClusterClient cluster)
    {
        var upload = await LoadAsync(uploadId, caller, cluster);
        return AccessProblems.Refusal(caller, action, upload.Target) is { } problem ? (null, problem) : (upload, null);
    }

    public static Task<ProjectAccess> ProjectStandingAsync(Caller caller, string projectId, IClusterClient cluster) =>
        cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, projectId)).GetAccessAsync(caller.UserId);
}
