using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace BuildPeer.InitiateBench;

/// <summary>The markdown that goes into docs/benchmarks.md: the machine, the table, then per-step details.</summary>
internal sealed class Report(BenchOptions options)
{
    private static readonly CultureInfo _invariant = CultureInfo.InvariantCulture;
    private readonly List<StepResult> _results = [];
    private string _machine = string.Empty;

    /// <summary>Markdown appended after the per-step details (the reserve probe's table).</summary>
    public string? Appendix { get; set; }

    public void Add(StepResult result) => _results.Add(result);

    public void Skip(string target, int rate, string reason) => _results.Add(StepResult.NotRun(target, rate, reason));

    public async Task DescribeMachineAsync(NpgsqlDataSource database)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
            : null;
        await using var version = database.CreateCommand("SHOW server_version");
        var postgres = (string?)await version.ExecuteScalarAsync();
        _machine = string.Create(_invariant,
            $"{Environment.ProcessorCount} cores ({cpu}), {long.Parse(memory, _invariant) / 1024.0 / 1024:F0} GiB, {os ?? RuntimeInformation.OSDescription}, " +
            $"{RuntimeInformation.FrameworkDescription}, PostgreSQL {postgres?.Split(' ')[0]}");
    }

    public string Header() => string.Create(_invariant,
        $"[bench] run {options.RunId} on {_machine}; warm-up {options.Warmup.TotalSeconds:F0} s, measured {options.Duration.TotalSeconds:F0} s per step");

    public static string Line(StepResult result) => string.Create(_invariant,
        $"[bench] {result.Target,-14} {result.Rate,4} req/s -> {result.Achieved,6:F1} req/s  p50 {result.Latency.P50,7:F2}  p95 {result.Latency.P95,7:F2}  " +
        $"p99 {result.Latency.P99,7:F2}  max {result.Latency.Max,8:F2} ms  errors {result.Errors}");

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(_invariant, $"Run `{options.RunId}`, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {_machine}.");
        text.AppendLine(_invariant,
            $"Each step: {options.Warmup.TotalSeconds:F0} s warm-up, then {options.Duration.TotalSeconds:F0} s measured; open loop, latency from each request's due time. " +
            $"Silo-backed targets get {options.Prewarm.TotalSeconds:F0} s of unmeasured load first; idle activations are collected between targets.");
        text.AppendLine();
        text.AppendLine("| target | offered req/s | achieved req/s | p50 ms | p95 ms | p99 ms | max ms | errors | p95 from send ms | send lag p99 / max ms | CPU % of one core: bench / gateway / silo / postgres / other |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var result in _results)
        {
            if (result.SkipReason is { } reason)
            {
                text.AppendLine(_invariant, $"| {result.Target} | {result.Rate} | {reason} |||||||||");
                continue;
            }

            text.AppendLine(_invariant,
                $"| {result.Target} | {result.Rate} | {result.Achieved:F1} | {Ms(result.Latency.P50)} | {Ms(result.Latency.P95)} | {Ms(result.Latency.P99)} | " +
                $"{Ms(result.Latency.Max)} | {result.Errors} | {Ms(result.FromSend.P95)} | {Ms(result.Lag.P99)} / {Ms(result.Lag.Max)} | {Cpu(result.Cpu)} |");
        }

        text.AppendLine();
        text.AppendLine("Per step: p95 (ms) of each 5 s of the window in order; PostgreSQL commits, WAL and rows written per request; notes.");
        text.AppendLine();
        foreach (var result in _results.Where(result => result.SkipReason is null))
        {
            text.Append(_invariant, $"- {result.Target} @ {result.Rate}: p95 by 5 s {string.Join(" → ", result.BucketP95.Select(Ms))}");
            if (result.Database is { } db && result.Offered > 0)
            {
                double PerRequest(long value) => (double)value / result.Offered;
                text.Append(_invariant, $"; db {PerRequest(db.Commits):F1} commits/req, {PerRequest(db.WalBytes) / 1024:F1} KiB WAL/req, rows written/req: ");
                text.Append(string.Join(", ", DatabaseActivity.Tables.Select(table =>
                    string.Create(_invariant, $"{table} {PerRequest(db.RowsWritten.GetValueOrDefault(table)):F1}"))));
            }

            if (result.ErrorKinds.Count > 0)
            {
                text.Append("; errors: ").Append(string.Join(", ", result.ErrorKinds.Select(pair => string.Create(_invariant, $"{pair.Key} ×{pair.Value}"))));
            }

            foreach (var note in result.Notes)
            {
                text.Append("; ").Append(note);
            }

            text.AppendLine();
        }

        if (Appendix is not null)
        {
            text.AppendLine().Append(Appendix);
        }

        return text.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–"
        : value.ToString(value < 10 ? "F2" : value < 100 ? "F1" : "F0", _invariant);

    private static string Cpu(CpuUsage? cpu)
    {
        if (cpu is null)
        {
            return "–";
        }

        string Of(string name) => cpu.PercentOfCore.TryGetValue(name, out var value) ? value.ToString("F0", _invariant) : "–";
        return $"{Of("bench")} / {Of("gateway")} / {Of("silo")} / {Of("postgres")} / {cpu.Other.ToString("F0", _invariant)}";
    }
}
