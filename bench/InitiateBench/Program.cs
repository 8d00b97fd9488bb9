using System.Diagnostics;
using System.Globalization;
using BuildPeer.InitiateBench;
using BuildPeer.InitiateBench.Targets;
using Npgsql;

// Open-loop bench of POST /api/uploads/initiate against its ceilings; see bench/run-initiate.sh and docs/benchmarks.md.
var options = BenchOptions.Parse(args);

// Ctrl-C or the script's time limit (SIGINT) ends the run after the current step, and what was measured is reported.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, signal) =>
{
    signal.Cancel = true;
    interrupted.Cancel();
    Console.Error.WriteLine("[bench] interrupted: finishing the current step, then reporting");
};

await using var database = NpgsqlDataSource.Create(options.Postgres);
await using var cluster = new ClusterConnection(options);
var tokens = new Tokens(options);
var report = new Report(options);
await report.DescribeMachineAsync(database);
Console.Error.WriteLine(report.Header());

// Ceilings first, then the grain-level breakdown, then initiate itself: the steps that overload the silo (and leave
// its connection pools full) come last, so they cannot disturb the others.
static bool IsCeiling(string name) => name is TargetNames.Kestrel or TargetNames.Postgres;
var plan = options.Targets.Where(IsCeiling).Select(name => (name, options.Rates))
    .Concat(options.BreakdownRates.Count > 0 ? options.BreakdownTargets.Select(name => (name, options.BreakdownRates)) : [])
    .Concat(options.Targets.Where(name => !IsCeiling(name)).Select(name => (name, options.Rates)))
    .ToList();

try
{
    foreach (var (name, rates) in plan)
    {
        if (interrupted.IsCancellationRequested)
        {
            break;
        }

        await RunTargetAsync(name, rates);

        // Upload grains stay active for Orleans' collection age (15 min) after initiate: collect them so every
        // target starts from the same silo instead of one carrying the previous targets' activations.
        await TryAsync(cluster.CollectIdleActivationsAsync);
        await QuiesceAsync(null);
    }

    if (options.ProbeReservations > 0 && !interrupted.IsCancellationRequested)
    {
        Console.Error.WriteLine($"[bench] reserve probe up to {options.ProbeReservations} reservations");
        report.Appendix = await new ReserveScalingProbe(options, cluster, database).RunAsync(options.ProbeReservations, 1000);
    }

    if (options.IdleWait > TimeSpan.Zero && !interrupted.IsCancellationRequested)
    {
        Console.Error.WriteLine($"[bench] following memory for {options.IdleWait.TotalSeconds:F0} s of idle");
        var idle = await IdleMemory.FollowAsync(options, interrupted.Token);
        report.Appendix = report.Appendix is null ? idle : report.Appendix + Environment.NewLine + idle;
    }
}
finally
{
    // Whatever was measured before a failure (or an interrupt) is still reported.
    var text = report.Render();
    Console.WriteLine(text);
    if (options.OutputFile is { } file)
    {
        try
        {
            await File.WriteAllTextAsync(file, text);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"[bench] could not save the report to {file}: {exception.Message}");
        }
    }
}

return 0;

async Task RunTargetAsync(string name, IReadOnlyList<int> rates)
{
    await using var target = Create(name);
    await target.SetUpAsync();
    if (!IsCeiling(name) && options.Prewarm > TimeSpan.Zero && rates.Count > 0)
    {
        // Rate 0 names the pre-warm's own projects, so no measured step starts with a project already grown.
        await target.BeforeStepAsync(0);
        await new OpenLoopRunner(target, rates[0], options, options.Prewarm, TimeSpan.Zero).RunAsync(_ => Task.CompletedTask);
        await QuiesceAsync(null);
    }

    int? saturatedAt = null;
    foreach (var rate in rates)
    {
        if (interrupted.IsCancellationRequested)
        {
            report.Skip(name, rate, "not run: interrupted");
            continue;
        }

        if (saturatedAt is { } saturated)
        {
            report.Skip(name, rate, $"not run: saturated at {saturated} req/s");
            continue;
        }

        try
        {
            await target.BeforeStepAsync(rate);
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException or TimeoutException)
        {
            report.Skip(name, rate, $"not run: set-up failed ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})");
            Console.Error.WriteLine($"[bench] {name} @ {rate}: set-up failed: {exception.Message}");
            continue;
        }

        var settled = IsCeiling(name) ? null : await SettleJitAsync(target, rate);
        await QuiesceAsync(null);
        var result = await MeasureAsync(target, rate);
        if (settled is not null)
        {
            result.Notes.Add(settled);
        }

        await target.AfterStepAsync(result);
        await DescribeServicesAsync(result);
        report.Add(result);
        Console.Error.WriteLine(Report.Line(result));
        if (options.StopWhenSaturated && (result.Achieved < 0.9 * rate || result.Errors > 0.01 * result.Offered))
        {
            saturatedAt = rate;
        }

        await QuiesceAsync(result);
    }
}

async Task<StepResult> MeasureAsync(BenchTarget target, int rate)
{
    CpuUsage.Snapshot? cpuStart = null;
    DatabaseActivity? dbStart = null;
    CpuUsage? cpu = null;
    DatabaseActivity? db = null;
    var result = await new OpenLoopRunner(target, rate, options).RunAsync(async opening =>
    {
        if (opening)
        {
            cpuStart = CpuUsage.Take(options.Pids, options.PostmasterPid);
            dbStart = await DatabaseActivity.TakeAsync(database);
        }
        else
        {
            cpu = CpuUsage.Between(cpuStart!, CpuUsage.Take(options.Pids, options.PostmasterPid));
            db = DatabaseActivity.Between(dbStart!, await DatabaseActivity.TakeAsync(database));
        }
    });
    result.Cpu = cpu;
    result.Database = db;
    return result;
}

// The tiered JIT goes on recompiling hot methods long after the load starts, and the longer the busier the cores
// (at 1,000 req/s it was still a fifth of the silo's samples 40 s after a 60 s prewarm). Before a step, load at its
// rate in chunks until no host's tiering worker used more than JitQuietShare of a core over one, at most
// options.SettleMax: the window then measures hosts in service, not hosts still compiling.
async Task<string?> SettleJitAsync(BenchTarget target, int rate)
{
    const double JitQuietShare = 0.02;
    if (options.SettleMax <= TimeSpan.Zero || options.Pids.Count == 0)
    {
        return null;
    }

    var chunk = TimeSpan.FromSeconds(5);
    var loaded = Stopwatch.StartNew();
    var busiest = "";
    while (loaded.Elapsed < options.SettleMax && !interrupted.IsCancellationRequested)
    {
        var before = options.Pids.ToDictionary(pair => pair.Key, pair => TieredJit.WorkerTicks(pair.Value));
        await new OpenLoopRunner(target, rate, options, chunk, TimeSpan.Zero).RunAsync(_ => Task.CompletedTask);
        var shares = options.Pids.ToDictionary(pair => pair.Key,
            pair => TieredJit.SecondsBetween(before[pair.Key], TieredJit.WorkerTicks(pair.Value)) / chunk.TotalSeconds);
        busiest = string.Join(", ", shares.Select(pair => $"{pair.Key} {100 * pair.Value:F0} %"));
        if (shares.Values.All(share => share < JitQuietShare))
        {
            return $"tiered JIT quiet after {loaded.Elapsed.TotalSeconds:F0} s of settling load ({busiest} of a core in the last 5 s)";
        }
    }

    return $"tiered JIT still busy after {loaded.Elapsed.TotalSeconds:F0} s of settling load ({busiest} of a core in the last 5 s)";
}

// A saturated step leaves work queued in the silo (Orleans runs queued calls until their 30 s expiry): wait until
// the silo, the gateway and PostgreSQL are idle again, so the next step does not pay for the previous one. The
// machine is shared (builds, tests): wait for the rest of it to be quiet too, up to a limit; the table's "other"
// column shows what the window still had to share.
async Task QuiesceAsync(StepResult? previous)
{
    await Task.Delay(options.Cooldown);
    var waited = Stopwatch.StartNew();
    while (waited.Elapsed < TimeSpan.FromSeconds(90))
    {
        var start = CpuUsage.Take(options.Pids, options.PostmasterPid);
        await Task.Delay(1000);
        var usage = CpuUsage.Between(start, CpuUsage.Take(options.Pids, options.PostmasterPid));
        if (usage.PercentOfCore.Where(pair => pair.Key != "bench").All(pair => pair.Value < 20) && usage.Other < 15)
        {
            break;
        }
    }

    if (previous is not null && waited.Elapsed > TimeSpan.FromSeconds(2))
    {
        previous.Notes.Add($"then waited {waited.Elapsed.TotalSeconds:F0} s for the services and the machine to go idle");
    }
}

// What the step left behind in the services: activations, and the resident memory of each process.
async Task DescribeServicesAsync(StepResult result)
{
    var memory = options.Pids.Select(pair => $"{pair.Key} {IdleMemory.ResidentMebibytes(pair.Value)} MiB").ToList();
    var activations = "?";
    await TryAsync(async () => activations = (await cluster.ActivationCountAsync()).ToString(CultureInfo.InvariantCulture));
    await using var connections = database.CreateCommand(
        "SELECT count(*), current_setting('max_connections') FROM pg_stat_activity WHERE backend_type = 'client backend'");
    await using var reader = await connections.ExecuteReaderAsync();
    await reader.ReadAsync();
    result.Notes.Add($"after the step: {activations} activations; RSS {string.Join(", ", memory)}; " +
                     $"PostgreSQL client connections {reader.GetInt64(0)} of {reader.GetString(1)}");
}

// Management calls are best-effort: a run of the ceilings alone has no silo to ask.
static async Task TryAsync(Func<Task> action)
{
    try
    {
        await action().WaitAsync(TimeSpan.FromSeconds(30));
    }
    catch (Exception exception) when (exception is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"[bench] management call failed: {exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
    }
}

BenchTarget Create(string name) => name switch
{
    TargetNames.Kestrel => new KestrelTarget(options),
    TargetNames.Postgres => new PostgresInsertTarget(options),
    TargetNames.Initiate => new GatewayInitiateTarget(options, tokens, database, name, projects: 1),
    TargetNames.InitiateSpread => new GatewayInitiateTarget(options, tokens, database, name, options.SpreadProjects),
    TargetNames.GrainPing => new GrainPingTarget(options, cluster, database),
    TargetNames.GrainReserve => new GrainReserveTarget(options, cluster, database),
    TargetNames.GrainUpload => new GrainUploadTarget(options, cluster, database),
    TargetNames.GrainInitiate => new GrainInitiateTarget(options, cluster, database, name, projects: 1),
    TargetNames.GrainInitiateSpread => new GrainInitiateTarget(options, cluster, database, name, options.SpreadProjects),
    _ => throw new ArgumentException($"Unknown target {name}."),
};
