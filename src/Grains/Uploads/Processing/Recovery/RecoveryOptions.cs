using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Processing.Recovery;

/// <summary>
/// "Recovery": while uploads on a silo wait to retry, how often the silo asks its dependencies whether they answer,
/// so waiting work resumes within about this long after a dependency comes back instead of after its backoff.
/// </summary>
public sealed class RecoveryOptions
{
    public const string SectionName = "Recovery";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Recovery:ProbeInterval must be between 100 ms and 1 minute.")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most one probe of one dependency may take before it counts as not answering.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Recovery:ProbeTimeout must be between 100 ms and 30 seconds.")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
