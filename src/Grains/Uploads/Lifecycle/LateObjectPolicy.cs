using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>
/// Decides what an object event means for an upload past PENDING. PUT URLs are write-once, so another object at the
/// key can only come from a writer that bypassed them (credentials, a policy gap) or from a late PUT once the key
/// was freed: never silence. Other bytes while the upload is alive are scanned again; an upload that is over
/// (ABORTED, EXPIRED, FAILED, QUARANTINED) has nothing to serve, so its late object is deleted.
/// </summary>
public static class LateObjectPolicy
{
    public static LateObjectAction Decide(UploadStatus status, string? recordedETag, string eventETag)
    {
        var same = recordedETag is not null && string.Equals(recordedETag, eventETag, StringComparison.Ordinal);
        return status switch
        {
            UploadStatus.Uploaded or UploadStatus.Processing => same ? LateObjectAction.ContinueProcessing : LateObjectAction.Rescan,
            UploadStatus.Completed => same ? LateObjectAction.Ignore : LateObjectAction.Rescan,
            // A FAILED upload keeps its own object (an operator may process it again); only other bytes are late.
            UploadStatus.Failed => same ? LateObjectAction.Ignore : LateObjectAction.Delete,
            // Its object moved to quarantine, which freed the key: whatever is there now is late, even identical bytes.
            UploadStatus.Quarantined or UploadStatus.Aborted or UploadStatus.Expired => LateObjectAction.Delete,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A PENDING upload records its object."),
        };
    }
}
