using System.Globalization;

namespace BuildPeer.InitiateBench;

/// <summary>
/// CPU time of a host's tiered-compilation worker, from /proc (Linux): how busy the runtime still is recompiling hot
/// methods at tier 1. A thread's name is cut to 15 characters there (".NET Tiered Com").
/// </summary>
internal static class TieredJit
{
    private const string WorkerNamePrefix = ".NET Tiered";
    private const double ClockTicksPerSecond = 100;

    public static double WorkerSeconds(int pid)
    {
        double seconds = 0;
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
                seconds += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
                    / ClockTicksPerSecond;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The host or the thread ended between the listing and the read: what was read stands.
        }

        return seconds;
    }
}
