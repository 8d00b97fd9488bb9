using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// Push: once a write is durable, a change followers can see goes to the project's feed, one-way. The state
/// machine neither waits for the feed nor fails because of it; a change the feed misses is made up by the current
/// state every stream starts (and restarts) with.
/// </summary>
public sealed partial class UploadGrain
{
    /// <summary>
    /// What this activation last pushed. A write that changes nothing a follower sees (an announced notification
    /// leaving the outbox, fresh part URLs, a retry's bookkeeping) is not pushed.
    /// </summary>
    private FeedFingerprint? _pushed;

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

        try
        {
            var feed = GrainFactory.GetGrain<IProjectFeedGrain>(ProjectKey.Of(Registration.TenantId, Registration.ProjectId));
            // One-way: this completes once the message is queued, whatever the feed does with it.
            await feed.PublishAsync(await ToChangeAsync());
            _pushed = fingerprint;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPushFailed(exception, UploadId, Current.Status);
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
