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
}
