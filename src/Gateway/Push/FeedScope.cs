using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.Gateway.Push;

/// <summary>What a stream follows: a whole project, or one upload of it (<see cref="UploadId"/>).</summary>
public sealed record FeedScope(string TenantId, string ProjectId, Guid? UploadId = null)
{
    /// <summary>The project feed the stream's changes come from.</summary>
    public string FeedKey => ProjectKey.Of(TenantId, ProjectId);

    public bool Includes(UploadChanged change) =>
        change.TenantId == TenantId && change.ProjectId == ProjectId && (UploadId is not { } id || change.UploadId == id);
}
