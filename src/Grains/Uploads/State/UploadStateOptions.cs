using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>How <see cref="UploadStateStorage"/> reads and <see cref="UploadStateWriter"/> groups writes into one statement.</summary>
public sealed class UploadStateOptions
{
    public const string SectionName = "UploadState";

    /// <summary>
    /// How long the first write of a batch waits for others. Zero: a batch is whatever arrived while the previous one
    /// was in flight, so a lone write pays no delay and a busy silo still commits many writes at once.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.Zero;

    /// <summary>The most writes in one statement; more wait for the next.</summary>
    /// <summary>
    /// Whether a grain with no row in <c>upload_state</c> is looked up in OrleansStorage too (states written before
    /// it existed). Costs a second read for every new upload; turn off once OrleansStorage holds no upload states.
    /// </summary>
    public bool ReadOrleansStorage { get; set; } = true;

    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 256;
}
