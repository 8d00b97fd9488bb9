using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Projects;
using BuildPeer.Gateway.Uploads;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// Server-sent event streams of upload changes (docs/architecture.md, "Real-time push"). Who may follow what is
/// exactly who may read it (<see cref="AccessPolicy"/>): the upload's status, the project's listing; everyone else
/// gets the same 404 as there.
/// The same check runs again while the stream is open, and each user has a bounded number of streams per gateway.
/// </summary>
public static class PushApi
{
    /// <summary>Seconds a client over the stream cap is told to wait: streams are long-lived, so not a blink.</summary>
    public const int StreamCapRetryAfterSeconds = 30;

    public static IEndpointRouteBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/uploads")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .WithTags("Push")
            .MapGet("{uploadId:guid}/events", FollowUploadAsync)
            .WithName("FollowUpload")
            .WithSummary("Every change of one upload as server-sent events, its current state first.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.UploadNotFound)
            .ProducesProblemCodes(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyStreams);

        app.MapGroup("api/projects")
            .RequireAuthorization(AuthenticationSetup.TenantMemberPolicy)
            .RequireValidProjectId()
            .WithTags("Push")
            .MapGet("{projectId}/events", FollowProjectAsync)
            .WithName("FollowProjectUploads")
            .WithSummary("Every upload change of a project as server-sent events, the current state of its live uploads first.")
            .ProducesProblemCodes(StatusCodes.Status404NotFound, ErrorCodes.ProjectNotFound)
            .ProducesProblemCodes(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyStreams);

        return app;
    }

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> FollowUploadAsync(
        Guid uploadId, Caller caller, IClusterClient cluster, StreamLimiter limiter, HttpContext httpContext)
    {
        var (upload, problem) = await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster);
        if (upload is null)
        {
            return problem!;
        }

        if (limiter.TryAcquire(caller.UserId) is not { } slot)
        {
            return TooManyStreams(httpContext);
        }

        var tenantId = caller.TenantId;
        return new EventStreamResult(new FeedScope(tenantId, upload.View!.ProjectId, uploadId),
            async _ => await upload.Grain.GetChangeAsync(tenantId) is { } current ? [current] : [],
            new StreamGuard(async _ => (await UploadAccess.AuthorizeAsync(uploadId, caller, AccessAction.ViewUpload, cluster)).Upload is not null,
                TokenExpiry.Of(httpContext.User), slot));
    }

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> FollowProjectAsync(
        string projectId, Caller caller, IClusterClient cluster, StreamLimiter limiter, HttpContext httpContext)
    {
        var project = ProjectAccessCheck.Project(cluster, caller, projectId);
        if (await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is { } refused)
        {
            return refused;
        }

        if (limiter.TryAcquire(caller.UserId) is not { } slot)
        {
            return TooManyStreams(httpContext);
        }

        var tenantId = caller.TenantId;
        var snapshots = cluster.GetGrain<IProjectFeedSnapshotGrain>(0);
        return new EventStreamResult(new FeedScope(tenantId, projectId), _ => snapshots.GetCurrentAsync(tenantId, projectId),
            new StreamGuard(async _ => await ProjectAccessCheck.RefusalAsync(project, projectId, caller, AccessAction.ViewProject) is null,
                TokenExpiry.Of(httpContext.User), slot));
    }

    private static ProblemHttpResult TooManyStreams(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = StreamCapRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemDetailsSetup.Problem(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyStreams,
            "You have too many event streams open; close one (a project stream covers all its uploads).");
    }
}
