using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace BuildPeer.Grains.Uploads.Feed;

/// <summary>
/// Fans one project's upload changes out to the gateway processes that follow it. Followers live in memory under a
/// lease: a gateway that stops renewing (it died) falls away, and if this activation is lost its followers learn it
/// at their next renewal (<see cref="FeedLease.Renewed"/> false) and resync their streams.
/// </summary>
public sealed class ProjectFeedGrain : Grain, IProjectFeedGrain
{
    private readonly ObserverManager<IUploadFeedObserver> _followers;
    private readonly TimeSpan _lease;

    public ProjectFeedGrain(IOptions<FeedOptions> options, TimeProvider time, ILogger<ProjectFeedGrain> logger)
    {
        _lease = options.Value.SubscriptionLease;
        _followers = new ObserverManager<IUploadFeedObserver>(_lease, logger) { GetDateTime = () => time.GetUtcNow().UtcDateTime };
    }

    public Task<FeedLease> SubscribeAsync(IUploadFeedObserver observer)
    {
        // A lapsed follower is only dropped when a change is fanned out, so "still known" means it missed nothing.
        var known = _followers.Observers.ContainsKey(observer);
        _followers.Subscribe(observer, observer);
        return Task.FromResult(new FeedLease(known, _lease));
    }

    public Task UnsubscribeAsync(IUploadFeedObserver observer)
    {
        _followers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        // Followers would otherwise learn of the loss only at their next renewal, missing what is published meanwhile.
        _followers.Notify(follower => follower.OnFeedClosingAsync(this.GetPrimaryKeyString()));

    public Task PublishAsync(UploadChanged change) =>
        // The observer calls are one-way, so this never waits on a gateway.
        _followers.Notify(follower => follower.OnUploadChangedAsync(change));

    public async Task PublishManyAsync(IReadOnlyList<UploadChanged> changes)
    {
        foreach (var change in changes)
        {
            await PublishAsync(change);
        }
    }
}
