using BuildPeer.Grains.Abstractions.Digests;

namespace BuildPeer.Grains.Digests;

/// <summary>One recipient's digest: what waits for the next mail, the mail being sent, and what was mailed lately.</summary>
[GenerateSerializer, Alias("digests.DigestState")]
public sealed class DigestState
{
    /// <summary>Where the next digest goes: the address that came with the newest item.</summary>
    [Id(0)] public string? Address { get; set; }

    /// <summary>Items for the next digest, by notification id.</summary>
    [Id(1)] public Dictionary<string, DigestItem> Pending { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The digest frozen before its first send: until a send of it is confirmed, every retry sends this very
    /// message again (same Message-ID, same items), never a new one.
    /// </summary>
    [Id(2)] public DigestBatch? Sending { get; set; }

    /// <summary>Notification ids mailed, with when, kept for a while so that a late duplicate is recognised.</summary>
    [Id(3)] public Dictionary<string, DateTimeOffset> Sent { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One digest email: its id (which makes its Message-ID), its address and its items, fixed once frozen.</summary>
[GenerateSerializer, Immutable, Alias("digests.DigestBatch")]
public sealed record DigestBatch(
    [property: Id(0)] Guid DigestId,
    [property: Id(1)] string Address,
    [property: Id(2)] DateTimeOffset FrozenAt,
    [property: Id(3)] IReadOnlyList<DigestItem> Items,
    [property: Id(4)] int Attempts);
