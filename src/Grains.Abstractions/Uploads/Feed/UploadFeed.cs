namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>Terms of the push contract shared by the silo and the gateways.</summary>
public static class UploadFeed
{
    /// <summary>How long a finished upload stays in the state a project stream starts with.</summary>
    public static readonly TimeSpan RecentlyFinishedWindow = TimeSpan.FromMinutes(15);
}
