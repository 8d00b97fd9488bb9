using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Abstractions.Uploads;

/// <summary>The single owner of one upload's life, keyed by the upload id.</summary>
[Alias("uploads.IUploadGrain")]
public interface IUploadGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the upload in PENDING and returns where to send its bytes. Calling it again with the same
    /// registration returns the same upload with fresh URLs; a different registration is refused.
    /// </summary>
    [Alias("Initiate")]
    Task<UploadTicket> InitiateAsync(UploadRegistration registration);

    /// <summary>Records that storage holds the object. Returns only once the new state is durable.</summary>
    [Alias("RecordObjectCreated")]
    Task<ObjectCreatedOutcome> RecordObjectCreatedAsync(ObjectCreated objectCreated);

    /// <summary>The upload as seen by <paramref name="tenantId"/>; null when it does not exist in that tenant.</summary>
    [Alias("GetStatus")]
    Task<UploadStatusView?> GetStatusAsync(string tenantId);

    /// <summary>The upload as a push stream shows it, with its state version; null when not in that tenant.</summary>
    [Alias("GetChange")]
    Task<UploadChanged?> GetChangeAsync(string tenantId);

    /// <summary>Status only, for other grains; interleaves so a grain this upload is calling can ask it back.</summary>
    [Alias("GetLifecycle"), AlwaysInterleave]
    Task<UploadQuotaView?> GetQuotaViewAsync();

    /// <summary>Completes a multipart upload from the parts the client uploaded.</summary>
    [Alias("CompleteMultipart")]
    Task<UploadCommandResult> CompleteMultipartAsync(IReadOnlyList<CompletedPart> parts);

    /// <summary>Fresh presigned URLs for some parts of a multipart upload (a client resuming after its URLs expired).</summary>
    [Alias("RefreshPartUrls")]
    Task<PartUrlsResult> RefreshPartUrlsAsync(IReadOnlyList<int> partNumbers);

    /// <summary>A fresh presigned URL for a single-PUT upload (a client retrying after its URL expired).</summary>
    [Alias("RefreshPutUrl")]
    Task<PutUrlResult> RefreshPutUrlAsync();

    /// <summary>Gives up on a PENDING upload: storage is cleaned up and the quota released.</summary>
    [Alias("Abort")]
    Task<UploadCommandResult> AbortAsync();

    /// <summary>
    /// Gives a PENDING upload up if its URLs expired a grace period ago (storage cleaned, quota released). One-way:
    /// its project's sweep asks, and must not wait on an upload that may be calling the project.
    /// </summary>
    [Alias("ExpireIfDue"), OneWay]
    Task ExpireIfDueAsync();

    /// <summary>
    /// An operator's request to process a COMPLETED or FAILED upload again: a new attempt whose outputs overwrite
    /// the old ones, and one more notification when it ends.
    /// </summary>
    [Alias("Reprocess")]
    Task<UploadCommandResult> ReprocessAsync();
}
