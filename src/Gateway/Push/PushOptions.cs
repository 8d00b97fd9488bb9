using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Gateway.Push;

/// <summary>"Push": the gateway side of the event streams (the lease comes from the silos' "Feed" settings).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>
    /// Changes one stream may have waiting while its client reads slowly. Past that the stream is not fed any more
    /// changes: once the client catches up it gets the current state instead (nothing silently lost).
    /// </summary>
    [Range(8, 100_000, ErrorMessage = "Push:StreamBuffer must be between 8 and 100000.")]
    public int StreamBuffer { get; set; } = 256;

    /// <summary>A <c>: keep-alive</c> comment this often, so proxies do not close an idle stream.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Push:KeepAliveInterval must be between 1 second and 5 minutes.")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often an open stream checks again that its caller may still follow it (membership can be withdrawn
    /// while it is open); the token's expiry ends it on the dot regardless. At most a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Push:AccessCheckInterval must be between 100 ms and 1 minute.")]
    public TimeSpan AccessCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Event streams and hub connections one user may have open on one gateway at once; more answer 429
    /// <c>too_many_streams</c> (a hub connection is refused with that code).
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Push:MaxStreamsPerUser must be between 1 and 1000.")]
    public int MaxStreamsPerUser { get; set; } = 10;

    /// <summary>
    /// Projects and uploads one hub connection may have joined at once; one more is refused <c>too_many_joins</c>.
    /// Each is a feed subscription, a queue and an access re-check; a project covers all its uploads.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Push:MaxJoinsPerConnection must be between 1 and 1000.")]
    public int MaxJoinsPerConnection { get; set; } = 20;

    /// <summary>How long a stream waits before asking again when reading the current state failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Push:ResyncRetryDelay must be between 100 ms and 1 minute.")]
    public TimeSpan ResyncRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
