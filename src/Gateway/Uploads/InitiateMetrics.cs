using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildPeer.Gateway.Uploads;

/// <summary>
/// Instruments of initiate requests, on the uploads' source and meter ("BuildPeer.Uploads", shared with the upload
/// grain in the silo); the hosts export every source and meter whose name starts with "BuildPeer.".
/// </summary>
public static class InitiateMetrics
{
    public const string Name = "BuildPeer.Uploads";

    public const string OutcomeTag = "outcome";
    public const string CodeTag = "code";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Initiate requests by outcome: accepted, files_rejected, quota_exceeded, refused, invalid.</summary>
    public static readonly Counter<long> InitiateRequests = Meter.CreateCounter<long>(
        "buildpeer.uploads.initiate.requests", "{request}", "Initiate requests, by outcome.");

    public static readonly Histogram<double> InitiateDuration = Meter.CreateHistogram<double>(
        "buildpeer.uploads.initiate.duration", "s", "Time to answer an initiate request, by outcome.");

    /// <summary>Files accepted at initiate (each becomes an upload).</summary>
    public static readonly Counter<long> FilesInitiated = Meter.CreateCounter<long>(
        "buildpeer.uploads.files.initiated", "{file}", "Files accepted at initiate.");

    /// <summary>Files refused at initiate, by rejection code (size, type, name...).</summary>
    public static readonly Counter<long> FilesRejected = Meter.CreateCounter<long>(
        "buildpeer.uploads.files.rejected", "{file}", "Files refused at initiate, by code.");

    /// <summary>Initiate requests refused because the project's quota had no room, by quota code.</summary>
    public static readonly Counter<long> QuotaRejections = Meter.CreateCounter<long>(
        "buildpeer.uploads.quota.rejections", "{request}", "Initiate requests refused by a project quota, by code.");
}
