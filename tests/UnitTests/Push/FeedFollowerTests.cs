using BuildPeer.Gateway.Push;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Push;

public sealed class FeedFollowerTests : IDisposable
{
    private static readonly Guid Upload = Guid.NewGuid();
    private readonly FakeTimeProvider _time = new(Changes.At);
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingSink _sink = new();

    [Fact]
    public async Task The_current_state_comes_first_then_each_change_in_order()
    {
        using var follower = Follower(new FeedScope("acme", "tower-7"));
        var pump = Pump(follower, [Changes.Of(Upload, 1, UploadStatus.Pending)]);

        follower.Offer(Changes.Of(Upload, 2, UploadStatus.Uploaded));
        follower.Offer(Changes.Of(Upload, 3, UploadStatus.Processing));

        var versions = await _sink.VersionsAsync(3);
        Assert.Equal([1, 2, 3], versions);
        await StopAsync(pump);
    }

    [Fact]
    public async Task A_change_the_current_state_already_covers_is_not_sent_again()
    {
        using var follower = Follower(new FeedScope("acme", "tower-7"));
        // Published between the subscription and the state read: queued, and older than what was read.
        follower.Offer(Changes.Of(Upload, 2));
        follower.Offer(Changes.Of(Upload, 3));
        var pump = Pump(follower, [Changes.Of(Upload, 3)]);

        follower.Offer(Changes.Of(Upload, 4));

        var versions = await _sink.VersionsAsync(2);
        Assert.Equal([3, 4], versions);
        await StopAsync(pump);
        Assert.False(_sink.HasMore);
    }

    [Fact]
    public async Task An_upload_stream_takes_its_upload_only()
    {
        using var follower = Follower(new FeedScope("acme", "tower-7", Upload));
        var pump = Pump(follower, []);

        follower.Offer(Changes.Of(Guid.NewGuid(), 9));
        follower.Offer(Changes.Of(Upload, 2, projectId: "other"));
        follower.Offer(Changes.Of(Upload, 3, tenantId: "globex"));
        follower.Offer(Changes.Of(Upload, 4));

        var versions = await _sink.VersionsAsync(1);
        Assert.Equal([4], versions);
        await StopAsync(pump);
        Assert.False(_sink.HasMore);
    }

    [Fact]
    public async Task A_client_that_falls_behind_gets_the_current_state_once_it_catches_up_and_nothing_older()
    {
        var current = Changes.Of(Upload, 1);
        using var follower = Follower(new FeedScope("acme", "tower-7"), buffer: 8);
        _sink.Hold();
        var pump = Pump(follower, [current], () => [current]);

        // 30 changes while the client reads nothing: far more than the buffer holds.
        for (var version = 2; version <= 31; version++)
        {
            current = Changes.Of(Upload, version, version == 31 ? UploadStatus.Completed : UploadStatus.Processing);
            follower.Offer(current);
        }

        _sink.Release();

        Assert.Equal(1, (await _sink.NextAsync())!.Version);
        var last = await _sink.NextAsync();
        Assert.Equal((31, UploadStatus.Completed), (last!.Version, last.Status));
        follower.Offer(Changes.Of(Upload, 32));
        Assert.Equal(32, (await _sink.NextAsync())!.Version);
        await StopAsync(pump);
    }

    [Fact]
    public async Task Offering_never_waits_for_the_client()
    {
        using var follower = Follower(new FeedScope("acme", "tower-7"), buffer: 8);
        _sink.Hold();
        var pump = Pump(follower, [Changes.Of(Upload, 1)]);

        var offers = Task.Run(() =>
        {
            for (var version = 2; version < 10_000; version++)
            {
                follower.Offer(Changes.Of(Upload, version));
            }
        });

        await offers.WaitAsync(TimeSpan.FromSeconds(5));
        _sink.Release();
        await StopAsync(pump);
    }

    [Fact]
    public async Task A_resync_that_cannot_read_the_state_is_tried_again()
    {
        var reads = 0;
        using var follower = Follower(new FeedScope("acme", "tower-7"), keepAlive: TimeSpan.FromMinutes(5));
        var pump = Pump(follower, [], () => Interlocked.Increment(ref reads) == 1 ? throw new TimeoutException("cluster busy") : [Changes.Of(Upload, 7)]);

        follower.RequestResync();
        await Waiting.UntilAsync(() => Volatile.Read(ref reads) == 1, "the first read");
        // The retry waits on the (fake) clock: move it until the second read happens.
        await Waiting.UntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
            return Volatile.Read(ref reads) == 2;
        }, "the second read");

        Assert.Equal(7, (await _sink.NextAsync())!.Version);
        Assert.Equal(2, reads);
        await StopAsync(pump);
    }

    [Fact]
    public async Task An_idle_stream_gets_a_keep_alive_every_interval()
    {
        using var follower = Follower(new FeedScope("acme", "tower-7"));
        var pump = Pump(follower, []);

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Null(await _sink.NextAsync());
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Null(await _sink.NextAsync());
        await StopAsync(pump);
    }

    public void Dispose() => _stop.Dispose();

    private FeedFollower Follower(FeedScope scope, int buffer = 64, TimeSpan? keepAlive = null) =>
        new(scope, new PushOptions { StreamBuffer = buffer, KeepAliveInterval = keepAlive ?? TimeSpan.FromSeconds(15) }, _time, NullLogger.Instance);

    private Task Pump(FeedFollower follower, IReadOnlyList<UploadChanged> initial, Func<IReadOnlyList<UploadChanged>>? current = null) =>
        Task.Run(() => follower.PumpAsync(initial, _ => Task.FromResult(current?.Invoke() ?? []), _sink, _stop.Token));

    private async Task StopAsync(Task pump)
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump);
    }
}
