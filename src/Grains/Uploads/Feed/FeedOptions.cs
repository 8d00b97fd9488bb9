using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Feed;

/// <summary>"Feed": the silo side of push (docs/architecture.md, "Real-time push").</summary>
public sealed class FeedOptions
{
    public const string SectionName = "Feed";

    /// <summary>
    /// How long a gateway's subscription to a project feed lasts without renewal. Gateways renew at a third of it,
    /// so a gateway that died falls away within one lease; the silo hands it out with every subscription so the
    /// two sides cannot disagree.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Feed:SubscriptionLease must be between 1 second and 1 hour.")]
    public TimeSpan SubscriptionLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many uploads (the most recently changed) in the state a project stream starts with.</summary>
    [Range(1, 10_000, ErrorMessage = "Feed:SnapshotLimit must be between 1 and 10000.")]
    public int SnapshotLimit { get; set; } = 500;
}
