using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildPeer.Grains.Uploads;

/// <summary>
/// The activity source and meter of the upload's life in its grain. The gateway records initiate requests under
/// the same name. The hosts export every source and meter whose name starts with "BuildPeer.", so this name is also
/// what dashboards and alerts select on.
/// </summary>
public static class UploadTelemetry
{
    public const string Name = "BuildPeer.Uploads";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
