using System.Collections.Concurrent;
using BuildPeer.Gateway.Push;
using BuildPeer.Grains.Abstractions.Uploads.Feed;

namespace BuildPeer.UnitTests.Push;

/// <summary>Project feeds that record subscriptions and answer renewals as a test tells them to.</summary>
internal sealed class RecordingFeeds : IProjectFeeds
{
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What the next subscriptions answer for <see cref="FeedLease.Renewed"/>.</summary>
    public bool Renewed { get; set; }

    public Task<FeedLease> SubscribeAsync(string feedKey, IUploadFeedObserver observer)
    {
        Calls.Enqueue($"subscribe {feedKey}");
        return Task.FromResult(new FeedLease(Renewed, TimeSpan.FromSeconds(9)));
    }

    public Task UnsubscribeAsync(string feedKey, IUploadFeedObserver observer)
    {
        Calls.Enqueue($"unsubscribe {feedKey}");
        return Task.CompletedTask;
    }
}
