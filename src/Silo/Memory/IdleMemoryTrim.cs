using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace BuildPeer.Silo.Memory;

/// <summary>
/// Every <see cref="IdleTrimOptions.CheckPeriod"/>, measures the cores the silo used and the GC's committed memory,
/// and when <see cref="IdleTrimPolicy"/> says so runs an aggressive blocking collection, which compacts and returns
/// free memory to the operating system. The pause (a fraction of a second) lands when nothing is waiting on the silo.
/// </summary>
public sealed partial class IdleMemoryTrim(IOptions<IdleTrimOptions> options, TimeProvider time, ILogger<IdleMemoryTrim> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.CheckPeriod, time);
        var lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var lastCheck = time.GetTimestamp();
        DateTimeOffset? lastTrim = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var elapsed = time.GetElapsedTime(lastCheck);
            var coresUsed = elapsed > TimeSpan.Zero ? (cpu - lastCpu) / elapsed : 0;
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (IdleTrimPolicy.ShouldTrim(settings, coresUsed, committed, lastTrim, time.GetUtcNow()))
            {
                var started = Stopwatch.GetTimestamp();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                lastTrim = time.GetUtcNow();
                LogTrimmed(committed / (1024 * 1024), GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            // Measured after the trim, so its own CPU does not count against the next period.
            lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
            lastCheck = time.GetTimestamp();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle: GC memory trimmed from {BeforeMiB} MiB to {AfterMiB} MiB committed in {PauseMs:F0} ms")]
    private partial void LogTrimmed(long beforeMiB, long afterMiB, double pauseMs);
}
