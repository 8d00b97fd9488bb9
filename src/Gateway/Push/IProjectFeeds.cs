using System.Runtime.CompilerServices;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.Gateway.Push;

/// <summary>Subscribing to project feeds: the cluster in the gateway, a recorder in unit tests.</summary>
public interface IProjectFeeds
{
    Task<FeedLease> SubscribeAsync(string feedKey, IUploadFeedObserver observer);

    Task UnsubscribeAsync(string feedKey, IUploadFeedObserver observer);
}

/// <summary>The project feed grains, reached through the gateway's cluster client.</summary>
public sealed class ClusterProjectFeeds(IClusterClient cluster) : IProjectFeeds
{
    // The runtime holds only a weak reference to an observer object; the hub that is one lives as long as the process.
    private readonly ConditionalWeakTable<IUploadFeedObserver, IUploadFeedObserver> _references = [];

    public Task<FeedLease> SubscribeAsync(string feedKey, IUploadFeedObserver observer) =>
        cluster.GetGrain<IProjectFeedGrain>(feedKey).SubscribeAsync(ReferenceTo(observer));

    public Task UnsubscribeAsync(string feedKey, IUploadFeedObserver observer) =>
        cluster.GetGrain<IProjectFeedGrain>(feedKey).UnsubscribeAsync(ReferenceTo(observer));

    private IUploadFeedObserver ReferenceTo(IUploadFeedObserver observer) =>
        _references.GetValue(observer, target => cluster.CreateObjectReference<IUploadFeedObserver>(target));
}
