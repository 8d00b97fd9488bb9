using System.Globalization;

namespace BuildPeer.InitiateBench;

/// <summary>Command-line settings; every one has a default that fits bench/run-initiate.sh.</summary>
internal sealed class BenchOptions
{
    public const string DevelopmentSigningKey = "buildpeer-development-signing-key-not-for-production";

    public IReadOnlyList<int> Rates { get; private init; } = [100, 200, 300, 500];

    public IReadOnlyList<string> Targets { get; private init; } = [TargetNames.Kestrel, TargetNames.Postgres, TargetNames.InitiateSpread, TargetNames.Initiate];

    /// <summary>Rates at which the grain-level breakdown targets run (empty: none).</summary>
    public IReadOnlyList<int> BreakdownRates { get; private init; } = [300];

    public IReadOnlyList<string> BreakdownTargets { get; private init; } =
        [TargetNames.GrainPing, TargetNames.GrainUpload, TargetNames.GrainInitiateSpread];

    /// <summary>Projects the "-spread" targets round-robin their requests over.</summary>
    public int SpreadProjects { get; private init; } = 50;

    /// <summary>Skip a target's higher rates once a rate misses 90% of its offered load or fails 1% of requests.</summary>
    public bool StopWhenSaturated { get; private init; } = true;

    /// <summary>In-flight reservations the closed-loop reserve probe grows a project to (0: no probe).</summary>
    public int ProbeReservations { get; private init; }

    /// <summary>How long to follow the services' memory after the last step with nothing sent (zero: not at all).</summary>
    public TimeSpan IdleWait { get; private init; }

    public TimeSpan Warmup { get; private init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Before the first rate of a target behind the silo, load at that rate for this long into projects of their
    /// own, unmeasured: the silo and gateway are JIT-compiled and warm before any window opens.
    /// </summary>
    public TimeSpan Prewarm { get; private init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Before each step of a target behind the silo, at most this long of unmeasured load at the step's rate, in 5 s
    /// chunks, until the hosts' tiered JIT is quiet (zero: no settling).
    /// </summary>
    public TimeSpan SettleMax { get; private init; } = TimeSpan.FromSeconds(90);

    public TimeSpan Duration { get; private init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Cooldown { get; private init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RequestTimeout { get; private init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sends beyond this many unanswered requests are not made and count as errors ("shed").</summary>
    public int MaxOutstanding { get; private init; } = 5000;

    public Uri Gateway { get; private init; } = new("http://127.0.0.1:5180/");

    public int KestrelPort { get; private init; } = 5182;

    public string Postgres { get; private init; } = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Database=buildpeer;Username=buildpeer;Password=buildpeer";

    public string SigningKey { get; private init; } = DevelopmentSigningKey;

    public string Issuer { get; private init; } = "buildpeer";

    public string Audience { get; private init; } = "buildpeer-uploads";

    public string ClusterId { get; private init; } = "buildpeer-local";

    public string ServiceId { get; private init; } = "buildpeer-uploads";

    public string RunId { get; private init; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Processes whose CPU time is reported per step, by name (gateway, silo).</summary>
    public IReadOnlyDictionary<string, int> Pids { get; private init; } = new Dictionary<string, int>();

    /// <summary>The postmaster; its CPU and all its children's is reported as "postgres".</summary>
    public int? PostmasterPid { get; private init; }

    public string? OutputFile { get; private init; }

    public string Tenant => $"bench-{RunId}";

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs; got '{args[i]}'. See bench/run-initiate.sh.");
            }

            var name = args[i][2..];
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        var defaults = new BenchOptions();
        string? One(string name) => values.Remove(name, out var list) ? list[^1] : null;
        IReadOnlyList<int>? Ints(string name) => One(name) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToList()
            : null;
        IReadOnlyList<string>? Names(string name) => One(name) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        TimeSpan? Seconds(string name) => One(name) is { } text
            ? TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture))
            : null;

        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (values.Remove("pid", out var pidValues))
        {
            foreach (var pair in pidValues)
            {
                var parts = pair.Split('=', 2);
                pids[parts[0]] = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        var options = new BenchOptions
        {
            Rates = Ints("rates") ?? defaults.Rates,
            Targets = Names("targets") ?? defaults.Targets,
            BreakdownRates = Ints("breakdown-rates") ?? defaults.BreakdownRates,
            BreakdownTargets = Names("breakdown-targets") ?? defaults.BreakdownTargets,
            ProbeReservations = One("probe-reservations") is { } probe ? int.Parse(probe, CultureInfo.InvariantCulture) : 0,
            SpreadProjects = One("spread-projects") is { } spread ? int.Parse(spread, CultureInfo.InvariantCulture) : defaults.SpreadProjects,
            StopWhenSaturated = One("stop-when-saturated") is { } stop ? bool.Parse(stop) : defaults.StopWhenSaturated,
            Warmup = Seconds("warmup") ?? defaults.Warmup,
            Duration = Seconds("duration") ?? defaults.Duration,
            Prewarm = Seconds("prewarm") ?? defaults.Prewarm,
            SettleMax = Seconds("settle-max") ?? defaults.SettleMax,
            IdleWait = Seconds("idle-wait") ?? TimeSpan.Zero,
            Cooldown = Seconds("cooldown") ?? defaults.Cooldown,
            RequestTimeout = Seconds("timeout") ?? defaults.RequestTimeout,
            MaxOutstanding = One("max-outstanding") is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : defaults.MaxOutstanding,
            Gateway = One("gateway") is { } gateway ? new Uri(gateway.TrimEnd('/') + "/") : defaults.Gateway,
            KestrelPort = One("kestrel-port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : defaults.KestrelPort,
            Postgres = One("postgres") ?? defaults.Postgres,
            SigningKey = One("signing-key") ?? defaults.SigningKey,
            Issuer = One("issuer") ?? defaults.Issuer,
            Audience = One("audience") ?? defaults.Audience,
            ClusterId = One("cluster-id") ?? defaults.ClusterId,
            ServiceId = One("service-id") ?? defaults.ServiceId,
            RunId = One("run-id") ?? defaults.RunId,
            Pids = pids,
            PostmasterPid = One("postmaster-pid") is { } postmaster ? int.Parse(postmaster, CultureInfo.InvariantCulture) : null,
            OutputFile = One("out"),
        };

        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(key => "--" + key))}.");
        }

        var unknownTargets = options.Targets.Concat(options.BreakdownTargets).Except(TargetNames.All).ToList();
        if (unknownTargets.Count > 0)
        {
            throw new ArgumentException($"Unknown target(s): {string.Join(", ", unknownTargets)}; known: {string.Join(", ", TargetNames.All)}.");
        }

        return options;
    }
}

internal static class TargetNames
{
    public const string Kestrel = "kestrel";
    public const string Postgres = "postgres";
    public const string Initiate = "initiate";
    public const string InitiateSpread = "initiate-spread";
    public const string GrainPing = "grain-ping";
    public const string GrainReserve = "grain-reserve";
    public const string GrainUpload = "grain-upload";
    public const string GrainInitiate = "grain-initiate";
    public const string GrainInitiateSpread = "grain-initiate-spread";

    public static readonly IReadOnlyList<string> All = [Kestrel, Postgres, Initiate, InitiateSpread, GrainPing, GrainReserve, GrainUpload, GrainInitiate, GrainInitiateSpread];
}
