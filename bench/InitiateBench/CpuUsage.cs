using System.Globalization;

namespace BuildPeer.InitiateBench;

/// <summary>
/// CPU time of the bench, the gateway, the silo and PostgreSQL (postmaster and every backend) and of the whole
/// machine over the measured window, from /proc (Linux). "other" is what none of them used: builds, tests, the
/// AWS emulator... anything else sharing the two cores.
/// </summary>
internal sealed record CpuUsage(IReadOnlyDictionary<string, double> PercentOfCore, double MachineBusyPercent, int Cores)
{
    private const double ClockTicksPerSecond = 100;

    public double Other => Math.Max(0, MachineBusyPercent - PercentOfCore.Values.Sum());

    public static Snapshot Take(IReadOnlyDictionary<string, int> pids, int? postmasterPid)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["bench"] = ProcessSeconds(Environment.ProcessId, includeChildren: false),
        };
        foreach (var (name, pid) in pids)
        {
            seconds[name] = ProcessSeconds(pid, includeChildren: false);
        }

        if (postmasterPid is { } postmaster)
        {
            seconds["postgres"] = ProcessSeconds(postmaster, includeChildren: true)
                + ChildrenOf(postmaster).Sum(child => ProcessSeconds(child, includeChildren: false));
        }

        var (busy, total) = MachineJiffies();
        return new Snapshot(seconds, busy, total, DateTime.UtcNow);
    }

    public static CpuUsage Between(Snapshot start, Snapshot end)
    {
        var wall = (end.At - start.At).TotalSeconds;
        var percent = end.Seconds.Where(pair => start.Seconds.ContainsKey(pair.Key))
            .ToDictionary(pair => pair.Key, pair => 100 * (pair.Value - start.Seconds[pair.Key]) / wall, StringComparer.Ordinal);
        var cores = Environment.ProcessorCount;
        var busy = end.TotalJiffies > start.TotalJiffies
            ? 100.0 * cores * (end.BusyJiffies - start.BusyJiffies) / (end.TotalJiffies - start.TotalJiffies)
            : double.NaN;
        return new CpuUsage(percent, busy, cores);
    }

    /// <summary>utime + stime (and, for a parent whose children come and go, their reaped time) in seconds; 0 if gone.</summary>
    private static double ProcessSeconds(int pid, bool includeChildren)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }

        // After "pid (comm) ": [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = Ticks(fields[11]) + Ticks(fields[12]);
        if (includeChildren)
        {
            ticks += Ticks(fields[13]) + Ticks(fields[14]);
        }

        return ticks / ClockTicksPerSecond;
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields
                && Ticks(fields[1]) == parent)
            {
                yield return pid;
            }
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (long Busy, long Total) MachineJiffies()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Ticks).ToArray();
        var total = cpu.Take(8).Sum();
        var idle = cpu[3] + cpu[4];
        return (total - idle, total);
    }

    private static long Ticks(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    internal sealed record Snapshot(IReadOnlyDictionary<string, double> Seconds, long BusyJiffies, long TotalJiffies, DateTime At);
}
