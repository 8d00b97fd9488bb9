using BuildPeer.InitiateBench;
using BuildPeer.InitiateBench.Targets;
using Npgsql;

// Open-loop bench of POST /api/uploads/initiate against its ceilings; see bench/run-initiate.sh and docs/benchmarks.md.
var options = BenchOptions.Parse(args);
await using var database = NpgsqlDataSource.Create(options.Postgres);
await using var cluster = new ClusterConnection(options);
var tokens = new Tokens(options);
var report = new Report(options);
await report.DescribeMachineAsync(database);
Console.Error.WriteLine(report.Header());

var plan = options.Targets.Select(name => (name, options.Rates))
    .Concat(options.BreakdownRates.Count > 0 ? options.BreakdownTargets.Select(name => (name, options.BreakdownRates)) : [])
    .ToList();

foreach (var (name, rates) in plan)
{
    await using var target = Create(name);
    await target.SetUpAsync();
    foreach (var rate in rates)
    {
        await target.BeforeStepAsync(rate);
        CpuUsage.Snapshot? cpuStart = null;
        DatabaseActivity? dbStart = null;
        CpuUsage? cpu = null;
        DatabaseActivity? db = null;
        var runner = new OpenLoopRunner(target, rate, options);
        var result = await runner.RunAsync(async opening =>
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
        await target.AfterStepAsync(result);
        report.Add(result);
        Console.Error.WriteLine(Report.Line(result));
        await Task.Delay(options.Cooldown);
    }
}

var text = report.Render();
Console.WriteLine(text);
if (options.OutputFile is { } file)
{
    await File.WriteAllTextAsync(file, text);
}

return 0;

BenchTarget Create(string name) => name switch
{
    TargetNames.Kestrel => new KestrelTarget(options),
    TargetNames.Postgres => new PostgresInsertTarget(options),
    TargetNames.Initiate => new GatewayInitiateTarget(options, tokens, database),
    TargetNames.GrainPing => new GrainPingTarget(options, cluster, database),
    TargetNames.GrainReserve => new GrainReserveTarget(options, cluster, database),
    TargetNames.GrainUpload => new GrainUploadTarget(options, cluster, database),
    TargetNames.GrainInitiate => new GrainInitiateTarget(options, cluster, database),
    _ => throw new ArgumentException($"Unknown target {name}."),
};
