namespace BuildPeer.Grains.Abstractions.Uploads;

public static class UploadStatusExtensions
{
    /// <summary>The wire and database spelling: upper case, as in the seed's API.</summary>
    public static string ToWireName(this UploadStatus status) => status switch
    {
        UploadStatus.Pending => "PENDING",
        UploadStatus.Uploaded => "UPLOADED",
        UploadStatus.Processing => "PROCESSING",
        UploadStatus.Completed => "COMPLETED",
        UploadStatus.Failed => "FAILED",
        UploadStatus.Quarantined => "QUARANTINED",
        UploadStatus.Expired => "EXPIRED",
        UploadStatus.Aborted => "ABORTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown upload status."),
    };

    public static bool IsTerminal(this UploadStatus status) =>
        status is UploadStatus.Completed or UploadStatus.Failed or UploadStatus.Quarantined
            or UploadStatus.Expired or UploadStatus.Aborted;
}
