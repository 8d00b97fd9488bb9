using BuildPeer.Gateway.Auth;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>
/// Upload changes over SignalR at <see cref="HubRequest.Path"/> (docs/architecture.md, "Real-time push"): a
/// client joins projects or single uploads and gets their current state, then every change, as
/// <see cref="HubEvents"/>. The same feeds, checks and caps as the event streams (<see cref="PushApi"/>): a refused
/// join is a <see cref="HubException"/> whose message starts with the problem code the SSE endpoint would answer.
/// </summary>
public sealed class UploadsHub(
    IClusterClient cluster,
    FeedHub feeds,
    StreamLimiter limiter,
    IHubContext<UploadsHub> hubContext,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<UploadsHub> logger) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext()!;
        var caller = await Caller.BindAsync(http)
            ?? throw Refused(ErrorCodes.TenantHeaderMissing, "A tenant is required.");
        // One connection is one of the user's streams, whatever it joins: the cap bounds connections per user.
        var slot = limiter.TryAcquire(caller.UserId)
            ?? throw Refused(ErrorCodes.TooManyStreams, "You have too many event streams or hub connections open; close one.");
        Context.Items[typeof(HubMember)] = new HubMember(caller, TokenExpiry.Of(http.User), slot, Context,
            hubContext.Clients.Client(Context.ConnectionId), feeds, options.Value, time, logger);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(typeof(HubMember), out var member) && member is HubMember ended)
        {
            await ended.DisposeAsync();
        }
    }

    /// <summary>Follows every upload of a project (those in flight and recently finished first).</summary>
    public async Task JoinProject(string projectId)
    {
        var member = Member();
        if (!ResourceId.IsValid(projectId))
        {
            throw Refused(ErrorCodes.ProjectIdInvalid, $"The project id is not valid: a project id is {ResourceId.Rule}.");
        }

        var (access, problem) = await FeedAccess.OfProjectAsync(projectId, member.Caller, cluster);
        await JoinAsync(member, ProjectKey(projectId), access, problem);
    }

    public Task LeaveProject(string projectId) => Member().LeaveAsync(ProjectKey(projectId));

    /// <summary>Follows one upload.</summary>
    public async Task JoinUpload(string uploadId)
    {
        var member = Member();
        var id = ParseUploadId(uploadId);
        var (access, problem) = await FeedAccess.OfUploadAsync(id, member.Caller, cluster);
        await JoinAsync(member, UploadKey(id), access, problem);
    }

    public Task LeaveUpload(string uploadId) => Member().LeaveAsync(UploadKey(ParseUploadId(uploadId)));

    private async Task JoinAsync(HubMember member, string key, FeedAccess? access, ProblemHttpResult? problem)
    {
        if (access is null)
        {
            throw Refused(problem!.ProblemDetails);
        }

        if (await member.JoinAsync(key, access) == JoinOutcome.TooMany)
        {
            throw Refused(ErrorCodes.TooManyJoins,
                $"This connection has joined {options.Value.MaxJoinsPerConnection} projects or uploads; leave one first (a project covers all its uploads).");
        }
    }

    private HubMember Member() => (HubMember)Context.Items[typeof(HubMember)]!;

    private static Guid ParseUploadId(string uploadId) =>
        Guid.TryParse(uploadId, out var id) ? id : throw Refused(ErrorCodes.UploadIdInvalid, "The upload id is not a GUID.");

    private static string ProjectKey(string projectId) => $"project:{projectId}";

    private static string UploadKey(Guid uploadId) => $"upload:{uploadId:D}";

    private static HubException Refused(ProblemDetails problem) =>
        Refused(problem.Extensions[Problems.ProblemDetailsSetup.CodeExtension] as string ?? ErrorCodes.Forbidden, problem.Title ?? "Refused.");

    /// <summary>The client sees "…HubException: {code}: {title}"; clients match the code.</summary>
    private static HubException Refused(string code, string title) => new($"{code}: {title}");
}
