using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.AspNetCore.SignalR;

namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>
/// One project or upload a hub connection has joined: a <see cref="FeedFollower"/> of <see cref="FeedHub"/>, pumped
/// into the connection as hub events, and a <see cref="StreamAccessWatch"/> that reports when the caller loses access,
/// exactly like an event stream. Ends when left, when the connection ends, or when access is lost.
/// </summary>
public sealed partial class HubMembership : IAsyncDisposable
{
    private readonly FeedHub _hub;
    private readonly FeedFollower _follower;
    private readonly CancellationTokenSource _ended;
    private Task _running = Task.CompletedTask;

    private HubMembership(FeedHub hub, FeedFollower follower, CancellationToken connectionEnded)
    {
        _hub = hub;
        _follower = follower;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(connectionEnded);
    }

    public FeedScope Scope => _follower.Scope;

    /// <summary>
    /// Subscribes, reads the current state and starts sending it, then every change, to <paramref name="client"/>.
    /// <paramref name="accessLost"/> is called with the watch's reason once the caller may no longer follow.
    /// </summary>
    public static async Task<HubMembership> StartAsync(FeedHub hub, FeedAccess access, ISingleClientProxy client,
        StreamAccessWatch watch, Func<HubMembership, string, Task> accessLost, ILogger logger, CancellationToken connectionEnded)
    {
        var follower = await hub.OpenAsync(access.Scope);
        var membership = new HubMembership(hub, follower, connectionEnded);
        try
        {
            // Read after subscribing, so every change made after this state reaches the client as well.
            var initial = await access.ReadCurrent(membership._ended.Token);
            membership._running = Task.WhenAll(
                membership.PumpAsync(initial, access, new ClientSink(client), logger),
                membership.WatchAsync(watch, accessLost));
            return membership;
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ended.CancelAsync();
        _hub.Close(_follower);
        await _running;
        _ended.Dispose();
    }

    private async Task PumpAsync(IReadOnlyList<UploadChanged> initial, FeedAccess access, IFeedSink sink, ILogger logger)
    {
        try
        {
            await _follower.PumpAsync(initial, access.ReadCurrent, sink, _ended.Token);
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            // Left, disconnected, or access lost.
        }
        catch (Exception exception)
        {
            // The connection is going away under the send; the disconnect cleans up.
            LogPumpFailed(logger, exception, Scope.FeedKey, Scope.UploadId);
        }
    }

    private async Task WatchAsync(StreamAccessWatch watch, Func<HubMembership, string, Task> accessLost)
    {
        try
        {
            var reason = await watch.WatchAsync(_ended.Token);
            // Not awaited from here: ending this membership awaits this very task.
            _ = accessLost(this, reason);
        }
        catch (OperationCanceledException)
        {
            // Ended first.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sending to a hub member of {FeedKey} (upload {UploadId}) failed; it ends")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string feedKey, Guid? uploadId);

    /// <summary>Each change as hub events, with exactly the body of an event stream's <c>status</c> event.</summary>
    private sealed class ClientSink(ISingleClientProxy client) : IFeedSink
    {
        public async Task SendAsync(UploadChanged change, CancellationToken cancellationToken)
        {
            var body = UploadEvent.From(change).ToJson();
            foreach (var name in HubEvents.For(change.Status))
            {
                await client.SendAsync(name, body, cancellationToken);
            }
        }

        // SignalR pings the connection itself.
        public Task KeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
