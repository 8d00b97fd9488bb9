using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>
/// The activity source and meter of the S3 events taken from the queue. The hosts export every source and meter
/// whose name starts with "BuildPeer.", so this name is also what dashboards and alerts select on.
/// </summary>
public static class IntakeTelemetry
{
    public const string Name = "BuildPeer.Intake";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
