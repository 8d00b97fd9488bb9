using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildPeer.ServiceDefaults.Telemetry;

/// <summary>
/// The service's own activity sources and meters, one per area, all defined here so that the exporters' set-up
/// (<see cref="TelemetrySetup"/>) and the code that records cannot disagree about a name.
/// </summary>
public static class BuildPeerTelemetry
{
    /// <summary>Initiate, the upload's state machine, its notification.</summary>
    public const string UploadsName = "BuildPeer.Uploads";

    /// <summary>S3 events from the queue.</summary>
    public const string IntakeName = "BuildPeer.Intake";

    /// <summary>Processing attempts and their steps.</summary>
    public const string ProcessingName = "BuildPeer.Processing";

    /// <summary>Orleans' own: grain calls (with activity propagation on) and its runtime meter.</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    public const string OrleansMeter = "Microsoft.Orleans";

    public static readonly string[] Names = [UploadsName, IntakeName, ProcessingName];

    public static readonly ActivitySource Uploads = new(UploadsName);
    public static readonly ActivitySource Intake = new(IntakeName);
    public static readonly ActivitySource Processing = new(ProcessingName);

    public static readonly Meter UploadsMeter = new(UploadsName);
    public static readonly Meter IntakeMeter = new(IntakeName);
    public static readonly Meter ProcessingMeter = new(ProcessingName);

    /// <summary>Explicit histogram buckets in seconds, from a fast grain call to a slow 200 MB file.</summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
}
