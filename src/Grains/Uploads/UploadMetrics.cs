using System.Diagnostics.Metrics;

namespace BuildPeer.Grains.Uploads;

/// <summary>Instruments of the upload's life in its grain (initiate requests are the gateway's).</summary>
public static class UploadMetrics
{
    public const string StatusTag = "status";

    /// <summary>Uploads reaching a terminal state, by status (COMPLETED, FAILED, QUARANTINED, EXPIRED, ABORTED).</summary>
    public static readonly Counter<long> TerminalStates = UploadTelemetry.Meter.CreateCounter<long>(
        "buildpeer.uploads.terminal", "{upload}", "Uploads that reached a terminal state, by status.");

    /// <summary>
    /// Objects deleted because they reached an upload that takes no bytes any more (ABORTED, EXPIRED, FAILED,
    /// QUARANTINED), by the upload's status. S3 may deliver an event twice, so this counts deletions, not objects.
    /// </summary>
    public static readonly Counter<long> LateObjectsDeleted = UploadTelemetry.Meter.CreateCounter<long>(
        "buildpeer.uploads.late_objects_deleted", "{object}", "Late objects deleted from ended uploads, by status.");

    /// <summary>Uploads whose object changed after it was recorded, sent through scanning and processing again.</summary>
    public static readonly Counter<long> ObjectsRescanned = UploadTelemetry.Meter.CreateCounter<long>(
        "buildpeer.uploads.objects_rescanned", "{object}", "Uploads whose object changed after it was recorded, by status.");

    public static readonly Counter<long> NotificationsPublished = UploadTelemetry.Meter.CreateCounter<long>(
        "buildpeer.uploads.notifications", "{message}", "Terminal-state notifications accepted by the topic, by status.");
}
