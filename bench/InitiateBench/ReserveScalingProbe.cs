using System.Diagnostics;
using System.Globalization;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.InitiateBench.Targets;
using Npgsql;

namespace BuildPeer.InitiateBench;

/// <summary>
/// Closed loop, one caller: the service time of one ProjectGrain.ReserveAsync (two uploads) as the project's
/// in-flight reservations grow. Without queueing in front, this is the cost of the project's state write alone,
/// and its inverse is the most reservations per second a single project can take.
/// </summary>
internal sealed class ReserveScalingProbe(BenchOptions options, ClusterConnection cluster, NpgsqlDataSource database)
{
    public async Task<string> RunAsync(int reservations, int step)
    {
        await cluster.ConnectAsync();
        var projectId = Workload.ProjectId("probe-reserve", 0, options.RunId);
        var project = cluster.Client.GetGrain<IProjectGrain>(ProjectKey.Of(options.Tenant, projectId));
        await project.CreateAsync($"Bench {options.RunId} reserve probe",
            new ProjectLimits(Workload.MaxFileSizeBytes, Workload.MaxTotalBytes, Workload.MaxFiles, Workload.MaxInFlight));

        // Warm the path up (activation, first write, the reconciliation reminder) before timing.
        await project.ReserveAsync([new Reservation(Guid.CreateVersion7(), Workload.PhotoSize)]);
        var buckets = new List<(int From, List<double> Ms)>();
        var inFlight = 1;
        while (inFlight < reservations)
        {
            if (buckets.Count == 0 || inFlight >= buckets[^1].From + step)
            {
                buckets.Add((inFlight / step * step, []));
            }

            var started = Stopwatch.GetTimestamp();
            await project.ReserveAsync(
                [new Reservation(Guid.CreateVersion7(), Workload.PhotoSize), new Reservation(Guid.CreateVersion7(), Workload.PlanSize)]);
            buckets[^1].Ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            inFlight += 2;
        }

        var state = await ProjectState.DescribeAsync(database, options, projectId);
        var cells = buckets.Select(bucket =>
        {
            var percentiles = Percentiles.Of(bucket.Ms);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {bucket.From} | {percentiles.P50:F2} | {percentiles.P95:F2} | {1000 / bucket.Ms.Average():F0} |");
        });
        return "Reserve probe (closed loop, one caller, ReserveAsync of 2 uploads on one project; " + state + "):\n\n" +
               "| reservations in flight from | p50 ms | p95 ms | reserves/s one caller |\n|--:|--:|--:|--:|\n" +
               string.Join('\n', cells) + "\n";
    }
}
