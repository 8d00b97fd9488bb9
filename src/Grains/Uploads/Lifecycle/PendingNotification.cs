using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Lifecycle;

/// <summary>One announcement of a terminal state, waiting in the upload's outbox until the topic accepts it.</summary>
[GenerateSerializer, Immutable, Alias("uploads.PendingNotification")]
public sealed record PendingNotification(
    [property: Id(0)] int Sequence,
    [property: Id(1)] UploadStatus Status,
    [property: Id(2)] DateTimeOffset OccurredAt);
