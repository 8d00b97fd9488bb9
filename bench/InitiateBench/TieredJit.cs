using System.Globalization;

namespace BuildPeer.InitiateBench;

/// <summary>
/// CPU time of a host's tiered-compilation workers, from /proc (Linux): how busy the runtime still is recompiling hot
/// methods at tier 1. A thread's name is cut to 15 characters there (".NET Tiered Com"). The runtime ends that thread
/// when idle and starts another, so samples are compared thread by thread, never as sums.
/// </summary>
internal static class TieredJit
{
    private const string WorkerNamePrefix = ".NET Tiered";
    private const double ClockTicksPerSecond = 100;

    /// <summary>CPU ticks used so far by each tiered-compilation thread of <paramref name="pid"/>, by thread id.</summary>
    public static IReadOnlyDictionary<string, long> WorkerTicks(int pid)
    {
        var ticks = new Dictionary<string, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(WorkerNamePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                // After "tid (comm) ": [11] utime, [12] stime.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[Path.GetFileName(task)] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The host or the thread ended between the listing and the read: what was read stands.
        }

        return ticks;
    }

    /// <summary>CPU seconds the workers used between two samples; a thread started since counts from zero.</summary>
    public static double SecondsBetween(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Sum(thread => thread.Value - before.GetValueOrDefault(thread.Key)) / ClockTicksPerSecond;
}
