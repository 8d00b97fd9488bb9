using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Projects;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// Server-sent event streams of upload changes (docs/architecture.md, "Real-time push"). Who may follow what is
/// exactly who may read it: the upload's status, the project's listing; everyone else gets the same 404 as there.
/// </summary>
public static class PushApi
{
    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/uploads")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Push")
            .MapGet("{uploadId:guid}/events", FollowUploadAsync)
            .WithName("FollowUpload")
            .WithSummary("Every change of one upload as server-sent events, its current state first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup("api/projects")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Push")
            .MapGet("{projectId}/events", FollowProjectAsync)
            .WithName("FollowProjectUploads")
            .WithSummary("Every upload change of a project as server-sent events, the current state of its live uploads first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> FollowUploadAsync(
        Guid uploadId, Caller caller, IClusterClient cluster)
    {
        if (await UploadAccess.FindAsync(uploadId, caller, cluster) is not { } upload)
        {
            return UploadsApi.UploadNotFound();
        }

        var tenantId = caller.TenantId;
        return new EventStreamResult(new FeedScope(tenantId, upload.View.ProjectId, uploadId),
            async _ => await upload.Grain.GetChangeAsync(tenantId) is { } current ? [current] : []);
    }

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> FollowProjectAsync(
        string projectId, Caller caller, IClusterClient cluster)
    {
        if (!await ProjectUploadsApi.CanViewAsync(cluster.GetGrain<IProjectGrain>(ProjectKey.Of(caller.TenantId, projectId)), caller))
        {
            return ProjectsApi.ProjectNotFound();
        }

        var tenantId = caller.TenantId;
        var snapshots = cluster.GetGrain<IProjectFeedSnapshotGrain>(0);
        return new EventStreamResult(new FeedScope(tenantId, projectId), _ => snapshots.GetCurrentAsync(tenantId, projectId));
    }
}
