using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildPeer.Processing.Telemetry;

/// <summary>
/// The activity source and meter of processing attempts and their steps. The hosts export every source and meter
/// whose name starts with "BuildPeer.", so this name is also what dashboards and alerts select on.
/// </summary>
public static class ProcessingTelemetry
{
    public const string Name = "BuildPeer.Processing";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
