namespace BuildPeer.ServiceDefaults.Telemetry;

/// <summary>
/// What the exporters' set-up (<see cref="TelemetrySetup"/>) subscribes to. Each feature defines its own activity
/// source and meter beside its code, named "BuildPeer.&lt;Area&gt;" (Uploads, Intake, Processing); one pattern
/// takes them all, so a new one needs no change here.
/// </summary>
public static class BuildPeerTelemetry
{
    /// <summary>Every activity source and meter of the service's own.</summary>
    public const string Names = "BuildPeer.*";

    /// <summary>Orleans' own: grain calls (with activity propagation on) and its runtime meter.</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Explicit histogram buckets in seconds, from a fast grain call to a slow 200 MB file.</summary>
    public static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
}
