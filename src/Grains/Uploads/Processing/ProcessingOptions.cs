using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>How uploads are processed; bound from the "Processing" section.</summary>
public sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>Files processed at once on this silo; 0 means one per core.</summary>
    [Range(0, 256, ErrorMessage = "Processing:Workers must be between 0 (one per core) and 256.")]
    public int Workers { get; set; }

    /// <summary>
    /// The most one attempt may take, download to stored outputs. Running out while still reading or scanning is
    /// retried (a slow dependency); running out in the file's own processing is FAILED (processing_timeout): that
    /// is the file, not the weather.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Processing:TimeLimit must be between 1 second and 1 hour.")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before an upload whose dependencies keep failing ends FAILED (retries_exhausted).</summary>
    [Range(1, 100, ErrorMessage = "Processing:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait before the second attempt; it doubles for each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    /// <summary>
    /// Times a file may kill or stall its parser worker (or be processed on a silo that is lost) before it ends
    /// FAILED with resource_limit or processing_timeout; it is never handed to another silo after that.
    /// </summary>
    [Range(1, 10, ErrorMessage = "Processing:MaxWorkerLosses must be between 1 and 10.")]
    public int MaxWorkerLosses { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Processing:RetryBaseDelay must be between 10 ms and 1 hour.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Processing:RetryMaxDelay must be between 10 ms and 1 day.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Period of the reminder that carries processing and notification across silo restarts. With the defaults ten
    /// attempts span about an hour of a dependency being down.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Processing:ReminderPeriod must be between 1 second and 1 day.")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Lifetime of the presigned thumbnail and download URLs handed to clients and subscribers.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00", ErrorMessage = "Processing:ReadUrlLifetime must be between 10 seconds and 7 days.")]
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// At shutdown, how long running attempts may take to finish (and report) before they are cancelled and handed
    /// back as a retry; attempts still waiting for a worker are handed back at once. The processing reminder
    /// starts them again on another silo.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Processing:ShutdownGrace must be between 0 and 10 minutes.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(15);

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
