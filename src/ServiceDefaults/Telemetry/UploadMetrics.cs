using System.Diagnostics.Metrics;

namespace BuildPeer.ServiceDefaults.Telemetry;

/// <summary>Instruments of the upload API and the upload's life.</summary>
public static class UploadMetrics
{
    public const string OutcomeTag = "outcome";
    public const string CodeTag = "code";
    public const string StatusTag = "status";

    /// <summary>Initiate requests by outcome: accepted, files_rejected, quota_exceeded, refused, invalid.</summary>
    public static readonly Counter<long> InitiateRequests = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.initiate.requests", "{request}", "Initiate requests, by outcome.");

    public static readonly Histogram<double> InitiateDuration = BuildPeerTelemetry.UploadsMeter.CreateHistogram(
        "buildpeer.uploads.initiate.duration", "s", "Time to answer an initiate request, by outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BuildPeerTelemetry.SecondsBuckets });

    /// <summary>Files accepted at initiate (each becomes an upload).</summary>
    public static readonly Counter<long> FilesInitiated = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.files.initiated", "{file}", "Files accepted at initiate.");

    /// <summary>Files refused at initiate, by rejection code (size, type, name...).</summary>
    public static readonly Counter<long> FilesRejected = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.files.rejected", "{file}", "Files refused at initiate, by code.");

    /// <summary>Initiate requests refused because the project's quota had no room, by quota code.</summary>
    public static readonly Counter<long> QuotaRejections = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.quota.rejections", "{request}", "Initiate requests refused by a project quota, by code.");

    /// <summary>Uploads reaching a terminal state, by status (COMPLETED, FAILED, QUARANTINED, EXPIRED, ABORTED).</summary>
    public static readonly Counter<long> TerminalStates = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.terminal", "{upload}", "Uploads that reached a terminal state, by status.");

    /// <summary>
    /// Objects deleted because they reached an upload that takes no bytes any more (ABORTED, EXPIRED, FAILED,
    /// QUARANTINED), by the upload's status. S3 may deliver an event twice, so this counts deletions, not objects.
    /// </summary>
    public static readonly Counter<long> LateObjectsDeleted = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.late_objects_deleted", "{object}", "Late objects deleted from ended uploads, by status.");

    /// <summary>Uploads whose object changed after it was recorded, sent through scanning and processing again.</summary>
    public static readonly Counter<long> ObjectsRescanned = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.objects_rescanned", "{object}", "Uploads whose object changed after it was recorded, by status.");

    public static readonly Counter<long> NotificationsPublished = BuildPeerTelemetry.UploadsMeter.CreateCounter<long>(
        "buildpeer.uploads.notifications", "{message}", "Terminal-state notifications accepted by the topic, by status.");
}
