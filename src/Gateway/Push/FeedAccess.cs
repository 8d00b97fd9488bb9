using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Projects;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// What every way of following a project or an upload (event streams, the SignalR hub) asks the cluster: may the
/// caller follow it (the same <see cref="AccessPolicy"/> check as reading it), what is its current state, and may
/// the caller still follow it later on.
/// </summary>
public sealed record FeedAccess(
    FeedScope Scope,
    Func<CancellationToken, Task<IReadOnlyList<UploadChanged>>> ReadCurrent,
    Func<CancellationToken, Task<bool>> StillAllowed)
{
    /// <summary>The upload's feed when the caller may view it, otherwise the same 404 as its status.</summary>
    public static async Task<(FeedAccess? Access, ProblemHttpResult? Problem)> OfUploadAsync(Guid uploadId, Caller caller, IClusterClient cluster)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster);
        if (upload is null)
        {
            return (null, problem);
        }

        var tenantId = caller.TenantId;
        return (new FeedAccess(new FeedScope(tenantId, upload.View!.ProjectId, uploadId),
            async _ => await upload.Grain.GetChangeAsync(tenantId) is { } current ? [current] : [],
            async _ => (await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster)).Upload is not null), null);
    }

    /// <summary>The project's feed when the caller may view the project, otherwise the same 404 as its listing.</summary>
    public static async Task<(FeedAccess? Access, ProblemHttpResult? Problem)> OfProjectAsync(string projectId, Caller caller, IClusterClient cluster)
    {
        var project = ProjectAccessCheck.Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is { } refused)
        {
            return (null, refused);
        }

        var tenantId = caller.TenantId;
        var snapshots = cluster.GetGrain<IProjectFeedSnapshotGrain>(0);
        return (new FeedAccess(new FeedScope(tenantId, projectId),
            _ => snapshots.GetCurrentAsync(tenantId, projectId),
            async _ => await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is null), null);
    }
}
