using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// The "Processing:Parsers" section: the worker processes that parse untrusted files, and the memory budget of the
/// pod they share with the silo. One worker per processing slot (<c>Processing:Workers</c>).
/// </summary>
public sealed class ParserOptions
{
    public const string SectionName = "Processing:Parsers";

    /// <summary>
    /// Memory one worker may use, enforced three ways: the data segment limit (prlimit), the .NET heap's hard limit,
    /// and a watchdog on its resident size. A worker over it is killed and the file ends FAILED (resource_limit).
    /// </summary>
    [Range(128L * 1024 * 1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "Processing:Parsers:MemoryLimitBytes must be between 128 MiB and 16 GiB.")]
    public long MemoryLimitBytes { get; set; } = 384L * 1024 * 1024;

    /// <summary>Wall clock for one file in a worker; past it the worker is killed and the file ends FAILED (processing_timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00", ErrorMessage = "Processing:Parsers:TimeLimit must be between 1 second and 30 minutes.")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the watchdog reads a busy worker's resident size.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05", ErrorMessage = "Processing:Parsers:WatchdogPeriod must be between 10 ms and 5 seconds.")]
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The worker's assembly; empty means BuildPeer.ProcessingWorker.dll next to the silo's own.</summary>
    public string WorkerAssemblyPath { get; set; } = string.Empty;

    /// <summary>The .NET host that runs the worker; empty means the host running the silo, else "dotnet" on PATH.</summary>
    public string DotnetPath { get; set; } = string.Empty;

    /// <summary>util-linux prlimit, which applies the data segment limit before the worker starts.</summary>
    [Required(ErrorMessage = "Processing:Parsers:PrlimitPath is required.")]
    public string PrlimitPath { get; set; } = "prlimit";

    /// <summary>
    /// The memory limit of the silo's pod (its container's limit); 0 when there is none (a developer machine), and
    /// then the budget is not checked. At start the silo refuses settings whose workers, their renderers and the
    /// silo's own budget do not fit in it.
    /// </summary>
    [Range(0L, 1024L * 1024 * 1024 * 1024, ErrorMessage = "Processing:Parsers:PodMemoryLimitBytes must be between 0 and 1 TiB.")]
    public long PodMemoryLimitBytes { get; set; }

    /// <summary>What the silo itself needs: Orleans, the streaming pass of each slot (buffers, not files), caches.</summary>
    [Range(64L * 1024 * 1024, 64L * 1024 * 1024 * 1024, ErrorMessage = "Processing:Parsers:SiloMemoryBudgetBytes must be between 64 MiB and 64 GiB.")]
    public long SiloMemoryBudgetBytes { get; set; } = 768L * 1024 * 1024;

    public string EffectiveWorkerAssemblyPath => WorkerAssemblyPath is { Length: > 0 } configured
        ? configured
        : Path.Combine(AppContext.BaseDirectory, "BuildPeer.ProcessingWorker.dll");

    public string EffectiveDotnetPath => DotnetPath is { Length: > 0 } configured
        ? configured
        : Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
