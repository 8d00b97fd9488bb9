using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Silo.Memory;

/// <summary>When an idle silo hands the memory of a finished spike back to the machine (<see cref="IdleMemoryTrim"/>).</summary>
public sealed class IdleTrimOptions
{
    public const string SectionName = "Memory:IdleTrim";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the silo looks at its CPU and the GC's committed memory.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cores used on average over the last period below which the silo counts as idle.</summary>
    [Range(0.0, 64.0)]
    public double IdleCores { get; set; } = 0.1;

    /// <summary>Committed GC memory below which there is nothing worth a full collection.</summary>
    [Range(0L, long.MaxValue)]
    public long MinCommittedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The least time between two trims, so a silo that idles on and off is not collected again and again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(10);
}
