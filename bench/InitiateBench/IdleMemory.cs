using System.Globalization;
using System.Text;

namespace BuildPeer.InitiateBench;

/// <summary>
/// The services' resident memory once the load is over: sampled every 15 s for <see cref="BenchOptions.IdleWait"/>
/// with nothing sent, so the report shows what a silo keeps after a spike and whether the GC gives it back.
/// </summary>
internal static class IdleMemory
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    public static async Task<string> FollowAsync(BenchOptions options, CancellationToken stop)
    {
        var rows = new StringBuilder();
        rows.AppendLine(CultureInfo.InvariantCulture, $"Resident memory (MiB) after the last step, nothing sent for {options.IdleWait.TotalSeconds:F0} s:")
            .AppendLine()
            .AppendLine("| idle for | " + string.Join(" | ", options.Pids.Keys) + " |")
            .AppendLine("|--:|" + string.Concat(options.Pids.Keys.Select(_ => "--:|")));
        var started = DateTime.UtcNow;
        var samples = (int)Math.Ceiling(options.IdleWait / Every);
        for (var sample = 0; sample <= samples && !stop.IsCancellationRequested; sample++)
        {
            var due = started + (sample == samples ? options.IdleWait : Every * sample);
            if (due > DateTime.UtcNow)
            {
                try
                {
                    await Task.Delay(due - DateTime.UtcNow, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {(DateTime.UtcNow - started).TotalSeconds:F0} s | {string.Join(" | ", options.Pids.Values.Select(ResidentMebibytes))} |");
        }

        return rows.ToString();
    }

    public static string ResidentMebibytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null
                ? "?"
                : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
