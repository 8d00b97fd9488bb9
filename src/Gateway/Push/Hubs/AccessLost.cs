using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>
/// The body of <see cref="HubEvents.AccessLost"/>: which membership ended and the code a fresh join would now be
/// refused with (the same 404-style code for "not yours any more" and "gone").
/// </summary>
public sealed record AccessLost(string ProjectId, Guid? UploadId, string Code)
{
    public static AccessLost Of(FeedScope scope) =>
        new(scope.ProjectId, scope.UploadId, scope.UploadId is null ? ErrorCodes.ProjectNotFound : ErrorCodes.UploadNotFound);
}
