using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>How <see cref="UploadStateStorage"/> groups reads and writes into few statements.</summary>
public sealed class UploadStateOptions
{
    public const string SectionName = "UploadState";

    /// <summary>
    /// How long the first write of a batch waits for others. Zero: a batch is whatever arrived while the previous one
    /// was in flight, so a lone write pays no delay and a busy silo still commits many writes at once.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether a grain with no row in <c>upload_state</c> is looked up in OrleansStorage too (states written before
    /// it existed), at the cost of a second read for every new upload. Unset: only while OrleansStorage holds upload
    /// states, asked once per silo (<see cref="OrleansStorageLeftovers"/>).
    /// </summary>
    public bool? ReadOrleansStorage { get; set; }

    /// <summary>The most reads or writes in one statement; more wait for the next.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 256;
}
