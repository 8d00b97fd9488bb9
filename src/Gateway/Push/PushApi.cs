using BuildPeer.Gateway.ApiReference;
using BuildPeer.Gateway.Auth;
using BuildPeer.Gateway.Problems;
using BuildPeer.Gateway.Projects;
using BuildPeer.Grains.Abstractions.Errors;
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
        Guid uploadId, Caller caller, IClusterClient cluster, StreamLimiter limiter, HttpContext httpContext) =>
        Stream(await FeedAccess.OfUploadAsync(uploadId, caller, cluster), caller, limiter, httpContext);

    public static async Task<Results<EventStreamResult, ProblemHttpResult>> FollowProjectAsync(
        string projectId, Caller caller, IClusterClient cluster, StreamLimiter limiter, HttpContext httpContext) =>
        Stream(await FeedAccess.OfProjectAsync(projectId, caller, cluster), caller, limiter, httpContext);

    private static Results<EventStreamResult, ProblemHttpResult> Stream(
        (FeedAccess? Access, ProblemHttpResult? Problem) checkedAccess, Caller caller, StreamLimiter limiter, HttpContext httpContext)
    {
        if (checkedAccess.Access is not { } access)
        {
            return checkedAccess.Problem!;
        }

        if (limiter.TryAcquire(caller.UserId) is not { } slot)
        {
            return TooManyStreams(httpContext);
        }

        return new EventStreamResult(access.Scope, access.ReadCurrent,
            new StreamGuard(access.StillAllowed, TokenExpiry.Of(httpContext.User), slot));
    }

    private static ProblemHttpResult TooManyStreams(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = StreamCapRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemDetailsSetup.Problem(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyStreams,
            "You have too many event streams open; close one (a project stream covers all its uploads).");
    }
}
