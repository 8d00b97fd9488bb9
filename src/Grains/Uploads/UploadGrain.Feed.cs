using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Push: once a write is durable, a change followers can see goes to the project's feed. The state machine neither
/// waits for the feed nor fails because of it; a change the feed misses is made up by the current state every
/// stream starts (and restarts) with.
/// </summary>
/// <remarks>
/// Orleans does not promise that two messages arrive in the order they were sent, and followers drop a version
/// older than one they have seen: UPLOADED overtaken by PROCESSING would vanish from their streams. So the changes
/// of one upload go out one at a time, each sent once the feed has taken the one before (<see cref="_feedQueue"/>).
/// </remarks>
public sealed partial class UploadGrain
{
    /// <summary>
    /// What this activation last pushed. A write that changes nothing a follower sees (an announced notification
    /// leaving the outbox, fresh part URLs, a retry's bookkeeping) is not pushed.
    /// </summary>
    private FeedFingerprint? _pushed;

    /// <summary>The last change sent to the feed; the next one is sent after it.</summary>
    private Task _feedQueue = Task.CompletedTask;

    /// <summary>How long a change may hold up the next one when the feed does not answer (its silo lost).</summary>
    private static readonly TimeSpan FeedPublishTimeout = TimeSpan.FromSeconds(5);

    public async Task<UploadChanged?> GetChangeAsync(string tenantId)
    {
        if (!state.RecordExists || Registration.TenantId != tenantId)
        {
            DeactivateOnIdle();
            return null;
        }

        return await ToChangeAsync();
    }

    private async Task PublishChangeAsync()
    {
        var fingerprint = FeedFingerprint.Of(Current);
        if (fingerprint == _pushed)
        {
            return;
        }

        UploadChanged change;
        try
        {
            change = await ToChangeAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPushFailed(exception, UploadId, Current.Status);
            return;
        }

        _pushed = fingerprint;
        // Not awaited: the write that produced the change is done; only the next change waits for this one.
        _feedQueue = SendAfterAsync(_feedQueue, change);
    }

    private async Task SendAfterAsync(Task previous, UploadChanged change)
    {
        await previous;
        try
        {
            var feed = GrainFactory.GetGrain<IProjectFeedGrain>(ProjectKey.Of(change.TenantId, change.ProjectId));
            await feed.PublishAsync(change).WaitAsync(FeedPublishTimeout);
        }
        catch (Exception exception)
        {
            LogPushFailed(exception, UploadId, change.Status);
        }
    }

    private async Task<UploadChanged> ToChangeAsync()
    {
        var links = await ReadLinksAsync();
        return new UploadChanged(
            UploadId, Registration.TenantId, Registration.ProjectId, Registration.FileName, Current.Status,
            links.Thumbnail?.ToString(), links.Download?.ToString(), Current.ProcessedAt, Current.ErrorCode, Current.Error,
            Current.Version,
            // States written before ChangedAt existed: the latest moment they record.
            Current.ChangedAt ?? Current.ProcessedAt ?? Current.UploadedAt ?? Current.CreatedAt);
    }

    private readonly record struct FeedFingerprint(
        UploadStatus Status, string? ErrorCode, string? Error, DateTimeOffset? ProcessedAt, string? ThumbnailKey)
    {
        public static FeedFingerprint Of(UploadState upload) => new(upload.Status, upload.ErrorCode, upload.Error,
            upload.ProcessedAt, upload.Result?.Thumbnail800Key ?? upload.Result?.PreviewKey);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: pushing {Status} to its project's feed failed; followers catch up when they resync")]
    private partial void LogPushFailed(Exception exception, Guid uploadId, UploadStatus status);
}
