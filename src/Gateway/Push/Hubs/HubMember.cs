using BuildPeer.Gateway.Auth;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Push.Hubs;

/// <summary>
/// One connection to the uploads hub: its caller, its place under the per-user cap (<see cref="StreamLimiter"/>,
/// shared with event streams), its memberships (<see cref="HubJoins{TMembership}"/>), and a timer that closes it
/// when the token it connected with expires, as an event stream ends then.
/// </summary>
public sealed partial class HubMember : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly HubJoins<HubMembership> _joins;
    private readonly IDisposable _slot;
    private readonly ITimer? _expiry;
    private readonly HubCallerContext _connection;
    private readonly ISingleClientProxy _client;
    private readonly FeedHub _hub;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _ended;

    public HubMember(Caller caller, DateTimeOffset? tokenExpiresAt, IDisposable slot, HubCallerContext connection,
        ISingleClientProxy client, FeedHub hub, PushOptions options, TimeProvider time, ILogger logger)
    {
        Caller = caller;
        TokenExpiresAt = tokenExpiresAt;
        _slot = slot;
        _connection = connection;
        _client = client;
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
        _joins = new HubJoins<HubMembership>(options.MaxJoinsPerConnection);
        if (tokenExpiresAt is { } expiry)
        {
            var left = expiry - time.GetUtcNow();
            _expiry = time.CreateTimer(_ => EndForExpiredToken(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    public Caller Caller { get; }

    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>Joins what <paramref name="access"/> follows under <paramref name="key"/>; the hub has checked access.</summary>
    public async Task<JoinOutcome> JoinAsync(string key, FeedAccess access)
    {
        lock (_gate)
        {
            // A join racing the disconnect has nothing to set up: the connection is going.
            var outcome = _ended ? JoinOutcome.AlreadyJoined : _joins.Reserve(key);
            if (outcome != JoinOutcome.Joined)
            {
                return outcome;
            }
        }

        HubMembership membership;
        try
        {
            var watch = new StreamAccessWatch(access.StillAllowed, TokenExpiresAt, _options.AccessCheckInterval, _time, _logger);
            membership = await HubMembership.StartAsync(_hub, access, _client, watch,
                (lost, reason) => OnAccessLostAsync(key, lost, reason), _logger, _connection.ConnectionAborted);
        }
        catch
        {
            lock (_gate)
            {
                _joins.Remove(key);
            }

            throw;
        }

        bool kept;
        lock (_gate)
        {
            kept = !_ended;
            if (kept)
            {
                _joins.Set(key, membership);
            }
        }

        if (!kept)
        {
            await membership.DisposeAsync();
        }

        return JoinOutcome.Joined;
    }

    /// <summary>Leaves <paramref name="key"/>; leaving what was not joined does nothing.</summary>
    public async Task LeaveAsync(string key)
    {
        HubMembership? membership;
        lock (_gate)
        {
            membership = _joins.Remove(key);
        }

        if (membership is not null)
        {
            await membership.DisposeAsync();
        }
    }

    /// <summary>The connection ended: every membership ends and the slot is freed.</summary>
    public async ValueTask DisposeAsync()
    {
        List<HubMembership> all;
        lock (_gate)
        {
            _ended = true;
            all = _joins.RemoveAll();
        }

        _expiry?.Dispose();
        foreach (var membership in all)
        {
            await membership.DisposeAsync();
        }

        _slot.Dispose();
    }

    private async Task OnAccessLostAsync(string key, HubMembership membership, string reason)
    {
        var scope = membership.Scope;
        LogAccessLost(_logger, scope.FeedKey, scope.UploadId, reason);
        if (reason == StreamAccessWatch.TokenExpired)
        {
            EndForExpiredToken();
            return;
        }

        bool removed;
        lock (_gate)
        {
            removed = _joins.Remove(key, membership);
        }

        if (!removed)
        {
            return;
        }

        await membership.DisposeAsync();
        try
        {
            await _client.SendAsync(HubEvents.AccessLost, AccessLost.Of(scope));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection is gone as well.
            LogNoticeFailed(_logger, exception, scope.FeedKey);
        }
    }

    /// <summary>As an event stream ends at the token's expiry: the client reconnects with a fresh token.</summary>
    private void EndForExpiredToken() => _connection.Abort();

    [LoggerMessage(Level = LogLevel.Information, Message = "A hub member of {FeedKey} (upload {UploadId}) lost access: {Reason}")]
    private static partial void LogAccessLost(ILogger logger, string feedKey, Guid? uploadId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell a hub client it lost access to {FeedKey}")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string feedKey);
}
