namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>
/// The live feed of one project's upload changes, keyed by <see cref="Projects.ProjectKey"/>. Upload grains publish
/// to it; gateway processes subscribe to it with a lease they renew. It holds nothing durable: what it forgets (a
/// silo lost, a lease lapsed) the followers make up by asking for the current state again.
/// </summary>
[Alias("uploads.feed.IProjectFeedGrain")]
public interface IProjectFeedGrain : IGrainWithStringKey
{
    /// <summary>Adds or renews <paramref name="observer"/>; it must renew within the lease or it is dropped.</summary>
    [Alias("Subscribe")]
    Task<FeedLease> SubscribeAsync(IUploadFeedObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IUploadFeedObserver observer);

    /// <summary>
    /// Passes a change on to every subscriber (one-way calls to them). Answered, not one-way, so that a silo can send
    /// its changes of a project one call after the other and followers see them in the order they happened; the
    /// silo does that off the upload's state machine (see FeedPublications).
    /// </summary>
    [Alias("Publish")]
    Task PublishAsync(UploadChanged change);

    /// <summary>
    /// <see cref="PublishAsync"/> for several changes, in their order: the changes of one project a silo made while
    /// its previous call was in flight, together in the next.
    /// </summary>
    [Alias("PublishMany")]
    Task PublishManyAsync(IReadOnlyList<UploadChanged> changes);
}
