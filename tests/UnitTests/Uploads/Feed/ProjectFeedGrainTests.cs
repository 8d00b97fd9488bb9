using BuildPeer.Grains.Abstractions.Uploads.Feed;
using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.UnitTests.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.Feed;

public class ProjectFeedGrainTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(Changes.At);
    private readonly ProjectFeedGrain _feed;

    public ProjectFeedGrainTests() => _feed = new ProjectFeedGrain(
        Options.Create(new FeedOptions { SubscriptionLease = Lease }), _time, NullLogger<ProjectFeedGrain>.Instance);

    [Fact]
    public async Task A_first_subscription_is_new_and_its_renewal_is_known_with_the_lease()
    {
        var gateway = new RecordingObserver();

        Assert.Equal(new FeedLease(false, Lease), await _feed.SubscribeAsync(gateway));
        Assert.Equal(new FeedLease(true, Lease), await _feed.SubscribeAsync(gateway));
    }

    [Fact]
    public async Task Every_subscriber_gets_every_change()
    {
        var (first, second) = (new RecordingObserver(), new RecordingObserver());
        await _feed.SubscribeAsync(first);
        await _feed.SubscribeAsync(second);

        await _feed.PublishAsync(Changes.Of(Guid.NewGuid(), 2));

        Assert.Single(first.Received);
        Assert.Single(second.Received);
    }

    [Fact]
    public async Task Changes_published_together_reach_every_subscriber_in_their_order()
    {
        var (first, second) = (new RecordingObserver(), new RecordingObserver());
        await _feed.SubscribeAsync(first);
        await _feed.SubscribeAsync(second);
        var upload = Guid.NewGuid();

        await _feed.PublishManyAsync([Changes.Of(upload, 2), Changes.Of(upload, 3), Changes.Of(Guid.NewGuid(), 2)]);

        Assert.Equal([2, 3, 2], first.Received.Select(change => change.Version));
        Assert.Equal(first.Received, second.Received);
    }

    [Fact]
    public async Task A_gateway_that_stopped_renewing_is_dropped_and_told_so_when_it_comes_back()
    {
        var (gone, alive) = (new RecordingObserver(), new RecordingObserver());
        await _feed.SubscribeAsync(gone);
        _time.Advance(Lease / 2);
        await _feed.SubscribeAsync(alive);
        _time.Advance(Lease / 2 + TimeSpan.FromSeconds(1));

        await _feed.PublishAsync(Changes.Of(Guid.NewGuid(), 2));

        Assert.Empty(gone.Received);
        Assert.Single(alive.Received);
        Assert.False((await _feed.SubscribeAsync(gone)).Renewed, "it missed a change, so it must resync");
    }

    [Fact]
    public async Task An_unsubscribed_gateway_gets_nothing_more()
    {
        var gateway = new RecordingObserver();
        await _feed.SubscribeAsync(gateway);

        await _feed.UnsubscribeAsync(gateway);
        await _feed.PublishAsync(Changes.Of(Guid.NewGuid(), 2));

        Assert.Empty(gateway.Received);
    }

    private sealed class RecordingObserver : IUploadFeedObserver
    {
        public List<UploadChanged> Received { get; } = [];

        public Task OnUploadChangedAsync(UploadChanged change)
        {
            Received.Add(change);
            return Task.CompletedTask;
        }

        public Task OnFeedClosingAsync(string projectKey) => Task.CompletedTask;
    }
}
