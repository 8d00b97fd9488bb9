using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>How <see cref="UploadStateWriter"/> groups writes into one statement.</summary>
public sealed class UploadStateOptions
{
    public const string SectionName = "UploadState";

    /// <summary>
    /// How long the first write of a batch waits for others. Zero: a batch is whatever arrived while the previous one
    /// was in flight, so a lone write pays no delay and a busy silo still commits many writes at once.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.Zero;

    /// <summary>The most writes in one statement; more wait for the next.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 256;
}
