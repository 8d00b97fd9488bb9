using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Initiation.Idempotency;

/// <summary>The first accepted initiate under a key: what was asked (as a fingerprint) and what was answered.</summary>
[GenerateSerializer, Alias("uploads.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public string RequestFingerprint { get; set; } = string.Empty;

    [Id(1)] public InitiateUploadsResult? Result { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
}
