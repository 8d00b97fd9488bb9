namespace BuildPeer.InitiateBench;

/// <summary>What one target did at one rate during the measured window.</summary>
internal sealed class StepResult
{
    public const int BucketSeconds = 5;

    public required string Target { get; init; }

    public required int Rate { get; init; }

    /// <summary>Requests due in the window.</summary>
    public required long Offered { get; init; }

    /// <summary>Successful responses that arrived in the window, per second.</summary>
    public required double Achieved { get; init; }

    /// <summary>From the due time to the response, in ms, of every request due in the window that got an answer.</summary>
    public required Percentiles Latency { get; init; }

    /// <summary>How late the generator started each request after its due time, in ms.</summary>
    public required Percentiles Lag { get; init; }

    /// <summary>From the moment the generator actually sent each request to its answer, in ms (lag left out).</summary>
    public required Percentiles FromSend { get; init; }

    /// <summary>p95 latency of the requests due in each consecutive <see cref="BucketSeconds"/> s of the window.</summary>
    public required IReadOnlyList<double> BucketP95 { get; init; }

    public required long Errors { get; init; }

    public required IReadOnlyDictionary<string, int> ErrorKinds { get; init; }

    /// <summary>Why the step was not run, for a step that was not.</summary>
    public string? SkipReason { get; init; }

    public CpuUsage? Cpu { get; set; }

    public DatabaseActivity? Database { get; set; }

    /// <summary>Target-specific observations (e.g. the project grain's state size after the step).</summary>
    public List<string> Notes { get; } = [];

    public static StepResult NotRun(string target, int rate, string reason)
    {
        var none = Percentiles.Of([]);
        return new StepResult
        {
            Target = target,
            Rate = rate,
            Offered = 0,
            Achieved = double.NaN,
            Latency = none,
            Lag = none,
            FromSend = none,
            BucketP95 = [],
            Errors = 0,
            ErrorKinds = new Dictionary<string, int>(),
            SkipReason = reason,
        };
    }
}

internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        return new Percentiles(values.Count, At(values, 50), At(values, 95), At(values, 99), values[^1]);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="percent"/>% of values at or below it.</summary>
    private static double At(List<double> sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
