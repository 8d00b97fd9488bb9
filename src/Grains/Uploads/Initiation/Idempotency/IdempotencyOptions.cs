using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Initiation.Idempotency;

/// <summary>The "Idempotency" section.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a key's first result is replayed; mobile clients retry within minutes, 24 h is generous.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Idempotency:Retention must be between 1 second and 30 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}
