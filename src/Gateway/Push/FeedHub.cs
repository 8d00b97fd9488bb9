using System.Collections.Immutable;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// The gateway process's one observer of project feeds. It subscribes to a project's feed while at least one open
/// stream follows that project (reference-counted), renews the subscriptions (<see cref="FeedRenewalService"/>),
/// and hands every change to the streams that follow it without ever waiting on one of them.
/// </summary>
public sealed partial class FeedHub(IProjectFeeds feeds, IOptions<PushOptions> options, TimeProvider time, ILogger<FeedHub> logger)
    : IUploadFeedObserver
{
    private static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProjectFollowers> _following = new(StringComparer.Ordinal);
    private long _leaseTicks = DefaultLease.Ticks;

    /// <summary>A third of the lease the feeds grant, so two renewals can fail before a subscription lapses.</summary>
    public TimeSpan RenewalPeriod => TimeSpan.FromTicks(Interlocked.Read(ref _leaseTicks) / 3);

    /// <summary>Projects this gateway follows now.</summary>
    public int FollowedProjects
    {
        get
        {
            lock (_gate)
            {
                return _following.Count;
            }
        }
    }

    /// <summary>
    /// Opens a stream for <paramref name="scope"/> and returns once its project's feed has this gateway as a
    /// subscriber, so that the state read next is followed by every later change. Close it with <see cref="Close"/>.
    /// </summary>
    public async Task<FeedFollower> OpenAsync(FeedScope scope)
    {
        var stream = new FeedFollower(scope, options.Value, time, logger);
        Task subscribed;
        lock (_gate)
        {
            if (!_following.TryGetValue(scope.FeedKey, out var following))
            {
                following = new ProjectFollowers();
                _following.Add(scope.FeedKey, following);
            }

            following.Streams = following.Streams.Add(stream);
            if (following.Subscribed is null or { IsFaulted: true } or { IsCanceled: true })
            {
                following.Subscribed = SubscribeAsync(scope.FeedKey);
            }

            subscribed = following.Subscribed;
        }

        try
        {
            await subscribed;
        }
        catch
        {
            Close(stream);
            throw;
        }

        return stream;
    }

    public void Close(FeedFollower stream)
    {
        var key = stream.Scope.FeedKey;
        var last = false;
        lock (_gate)
        {
            if (_following.TryGetValue(key, out var following))
            {
                following.Streams = following.Streams.Remove(stream);
                last = following.Streams.IsEmpty && _following.Remove(key);
            }
        }

        stream.Dispose();
        if (last)
        {
            _ = UnsubscribeAsync(key);
        }
    }

    public Task OnUploadChangedAsync(UploadChanged change)
    {
        ProjectFollowers? following;
        lock (_gate)
        {
            _following.TryGetValue(Grains.Abstractions.Projects.ProjectKey.Of(change.TenantId, change.ProjectId), out following);
        }

        // Offer only queues, so one slow client never holds up the others (nor this observer).
        foreach (var stream in following?.Streams ?? [])
        {
            stream.Offer(change);
        }

        return Task.CompletedTask;
    }

    public Task OnFeedClosingAsync(string projectKey)
    {
        // The call is held and handed to the activation that replaces the closing one; not awaited, so that this
        // observer goes on taking changes meanwhile.
        _ = RenewAsync(projectKey);
        return Task.CompletedTask;
    }

    /// <summary>Renews every subscription; a feed that had lost this gateway makes its streams resync.</summary>
    public Task RenewAllAsync()
    {
        string[] keys;
        lock (_gate)
        {
            keys = [.. _following.Keys];
        }

        return Task.WhenAll(keys.Select(RenewAsync));
    }

    /// <summary>Every stream resends the current state: after a lost cluster connection, anything may have been missed.</summary>
    public void ResyncAll()
    {
        foreach (var stream in Streams())
        {
            stream.RequestResync();
        }
    }

    /// <summary>Leaves every feed at shutdown, so that none keeps sending to a process that is gone.</summary>
    public async Task UnsubscribeAllAsync()
    {
        string[] keys;
        lock (_gate)
        {
            keys = [.. _following.Keys];
        }

        await Task.WhenAll(keys.Select(async key =>
        {
            try
            {
                await feeds.UnsubscribeAsync(key, this);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogUnsubscribeFailed(exception, key);
            }
        }));
    }

    private async Task SubscribeAsync(string key) => Record(await feeds.SubscribeAsync(key, this));

    private async Task RenewAsync(string key)
    {
        try
        {
            var lease = await feeds.SubscribeAsync(key, this);
            Record(lease);
            if (!lease.Renewed)
            {
                LogFeedLost(key);
                foreach (var stream in Streams(key))
                {
                    stream.RequestResync();
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRenewFailed(exception, key);
        }
    }

    private async Task UnsubscribeAsync(string key)
    {
        try
        {
            await feeds.UnsubscribeAsync(key, this);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The lease lapses on its own.
            LogUnsubscribeFailed(exception, key);
        }

        // A stream that opened meanwhile may have subscribed just before this unsubscription landed.
        bool reopened;
        lock (_gate)
        {
            reopened = _following.ContainsKey(key);
        }

        if (reopened)
        {
            await RenewAsync(key);
        }
    }

    private void Record(FeedLease lease) => Interlocked.Exchange(ref _leaseTicks, lease.Duration.Ticks);

    private FeedFollower[] Streams(string? key = null)
    {
        lock (_gate)
        {
            return key is null
                ? [.. _following.Values.SelectMany(following => following.Streams)]
                : _following.TryGetValue(key, out var following) ? [.. following.Streams] : [];
        }
    }

    /// <summary>The open streams of one project, and its subscription (retried by the next stream if it failed).</summary>
    private sealed class ProjectFollowers
    {
        public ImmutableArray<FeedFollower> Streams { get; set; } = [];

        public Task? Subscribed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The feed of {FeedKey} had lost this gateway; its streams resend the current state")]
    private partial void LogFeedLost(string feedKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the subscription to the feed of {FeedKey} failed; trying again at the next renewal")]
    private partial void LogRenewFailed(Exception exception, string feedKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leaving the feed of {FeedKey} failed; its lease lapses on its own")]
    private partial void LogUnsubscribeFailed(Exception exception, string feedKey);
}
