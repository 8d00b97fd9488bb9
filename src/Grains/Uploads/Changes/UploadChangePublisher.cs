using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.Grains.Uploads.Lifecycle;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.StatusCache;
using Microsoft.Extensions.Logging;

namespace BuildPeer.Grains.Uploads.Changes;

/// <summary>
/// Brings what shows an upload beside its <c>uploads</c> row up to its newest durable state: the Redis status cache
/// and the project's push feed (the row is written with the state itself, by UploadStateStorage). One per
/// activation. Neither can fail the write they follow: a cache entry is dropped later, a change the feed misses
/// made up by the current state every stream starts with.
/// </summary>
/// <remarks>
/// The feed gets the changes in the order they were written, through this silo's <see cref="FeedPublications"/>.
/// </remarks>
public sealed partial class UploadChangePublisher(
    IUploadStatusInvalidator statusCache,
    FeedPublications feeds,
    UploadLinks links,
    ILogger<UploadChangePublisher> logger)
{
    /// <summary>What was last pushed; a write no follower can see (an announcement leaving the outbox, fresh part URLs) is not.</summary>
    private FeedFingerprint? _pushed;

    /// <summary>
    /// The <c>uploads</c> row needs nothing here: the state's storage wrote it in the same statement. The status cache
    /// only holds uploads that were stored before (<paramref name="storedBefore"/>): a new one costs no Redis call.
    /// </summary>
    public async Task PublishAsync(Guid uploadId, UploadState upload, bool storedBefore = true)
    {
        if (storedBefore)
        {
            await statusCache.InvalidateAsync(uploadId);
        }

        await PushAsync(uploadId, upload);
    }

    public async Task<UploadChanged> ToChangeAsync(Guid uploadId, UploadState upload) =>
        UploadViews.ToChange(uploadId, upload, await links.ReadLinksAsync(upload));

    private async Task PushAsync(Guid uploadId, UploadState upload)
    {
        var fingerprint = FeedFingerprint.Of(upload);
        if (fingerprint == _pushed)
        {
            return;
        }

        UploadChanged change;
        try
        {
            change = await ToChangeAsync(uploadId, upload);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPushFailed(exception, uploadId, upload.Status);
            return;
        }

        _pushed = fingerprint;
        feeds.Publish(change);
    }

    private readonly record struct FeedFingerprint(
        UploadStatus Status, string? ErrorCode, string? Error, DateTimeOffset? ProcessedAt, string? ThumbnailKey)
    {
        public static FeedFingerprint Of(UploadState upload) => new(upload.Status, upload.ErrorCode, upload.Error,
            upload.ProcessedAt, upload.Result?.Thumbnail800Key ?? upload.Result?.PreviewKey);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: its {Status} change could not be made for its project's feed; followers catch up when they resync")]
    private partial void LogPushFailed(Exception exception, Guid uploadId, UploadStatus status);
}
