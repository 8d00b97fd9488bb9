namespace BuildPeer.Grains.Abstractions.Uploads.Feed;

/// <summary>
/// The answer to a subscription: how long it lasts unless renewed, and whether the feed already knew the observer.
/// <see cref="Renewed"/> false on a renewal means the feed lost its followers (a new activation after a silo went
/// away, or a lapsed lease) and changes may have been missed in between: the follower sends its streams the current
/// state again.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.feed.FeedLease")]
public sealed record FeedLease(
    [property: Id(0)] bool Renewed,
    [property: Id(1)] TimeSpan Duration);
