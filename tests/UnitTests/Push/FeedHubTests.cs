using BuildPeer.Gateway.Push;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Push;

public sealed class FeedHubTests : IDisposable
{
    private readonly RecordingFeeds _feeds = new();
    private readonly FeedHub _hub;
    private readonly CancellationTokenSource _stop = new();

    public FeedHubTests() => _hub = new FeedHub(_feeds, Options.Create(new PushOptions { StreamBuffer = 1000 }),
        new FakeTimeProvider(Changes.At), NullLogger<FeedHub>.Instance);

    [Fact]
    public async Task A_project_is_subscribed_once_however_many_streams_follow_it_and_left_after_the_last()
    {
        var first = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));
        var second = await _hub.OpenAsync(new FeedScope("acme", "tower-7", Guid.NewGuid()));
        _hub.Close(first);
        Assert.Equal(["subscribe acme/tower-7"], _feeds.Calls);

        _hub.Close(second);

        await Waiting.UntilAsync(() => _feeds.Calls.Count == 2, "the second feed call");
        Assert.Equal(["subscribe acme/tower-7", "unsubscribe acme/tower-7"], _feeds.Calls);
        Assert.Equal(0, _hub.FollowedProjects);
    }

    [Fact]
    public async Task A_change_reaches_the_streams_of_its_project_only()
    {
        var upload = Guid.NewGuid();
        var tower = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));
        var bridge = await _hub.OpenAsync(new FeedScope("acme", "bridge-2"));
        var (towerSink, bridgeSink) = (new RecordingSink(), new RecordingSink());
        var pumps = new[] { Pump(tower, towerSink), Pump(bridge, bridgeSink) };

        await _hub.OnUploadChangedAsync(Changes.Of(upload, 2));

        Assert.Equal(upload, (await towerSink.NextAsync())!.UploadId);
        await StopAsync(pumps);
        Assert.False(bridgeSink.HasMore);
    }

    [Fact]
    public async Task A_stream_whose_client_stopped_reading_does_not_hold_up_the_others()
    {
        var upload = Guid.NewGuid();
        var (stuckSink, liveSink) = (new RecordingSink(), new RecordingSink());
        stuckSink.Hold();
        var stuck = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));
        var live = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));
        var pumps = new[] { Pump(stuck, stuckSink), Pump(live, liveSink) };

        for (var version = 1; version <= 300; version++)
        {
            await _hub.OnUploadChangedAsync(Changes.Of(upload, version));
        }

        Assert.Equal(Enumerable.Range(1, 300), await liveSink.VersionsAsync(300));
        await StopAsync(pumps);
    }

    [Fact]
    public async Task A_renewal_the_feed_no_longer_knew_makes_that_projects_streams_resend_the_current_state()
    {
        var upload = Guid.NewGuid();
        var stream = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));
        var sink = new RecordingSink();
        var reads = 0;
        var pump = Task.Run(() => stream.PumpAsync([], _ =>
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult<IReadOnlyList<UploadChanged>>([Changes.Of(upload, 6, UploadStatus.Completed)]);
        }, sink, _stop.Token));

        _feeds.Renewed = true;
        await _hub.RenewAllAsync();
        Assert.Equal(0, Volatile.Read(ref reads));

        _feeds.Renewed = false;
        await _hub.RenewAllAsync();

        Assert.Equal(UploadStatus.Completed, (await sink.NextAsync())!.Status);
        Assert.Equal(1, Volatile.Read(ref reads));
        await StopAsync([pump]);
    }

    [Fact]
    public async Task A_closing_feed_is_subscribed_to_again_at_once()
    {
        var stream = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));

        await _hub.OnFeedClosingAsync("acme/tower-7");

        await Waiting.UntilAsync(() => _feeds.Calls.Count == 2, "the second feed call");
        Assert.Equal(["subscribe acme/tower-7", "subscribe acme/tower-7"], _feeds.Calls);
        _hub.Close(stream);
    }

    [Fact]
    public async Task The_renewal_period_is_a_third_of_the_lease_the_feeds_grant()
    {
        var stream = await _hub.OpenAsync(new FeedScope("acme", "tower-7"));

        Assert.Equal(TimeSpan.FromSeconds(3), _hub.RenewalPeriod);
        _hub.Close(stream);
    }

    [Fact]
    public async Task A_raised_signal_asks_for_a_renewal_at_once_and_carries_a_resync()
    {
        using var signal = new FeedRenewalSignal();

        signal.Raise(resyncAll: false);
        signal.Raise(resyncAll: true);

        Assert.True(await signal.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }

    public void Dispose() => _stop.Dispose();

    private Task Pump(FeedFollower stream, RecordingSink sink) =>
        Task.Run(() => stream.PumpAsync([], _ => Task.FromResult<IReadOnlyList<UploadChanged>>([]), sink, _stop.Token));

    private async Task StopAsync(Task[] pumps)
    {
        await _stop.CancelAsync();
        foreach (var pump in pumps)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
        }
    }
}
