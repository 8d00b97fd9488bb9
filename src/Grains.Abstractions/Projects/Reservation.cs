namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>Room asked for one upload: its id (so asking twice reserves once) and its declared size.</summary>
[GenerateSerializer, Immutable, Alias("projects.Reservation")]
public sealed record Reservation([property: Id(0)] Guid UploadId, [property: Id(1)] long Size);

/// <summary>Either every reservation of a request was granted, or none was and <see cref="RefusalCode"/> says why.</summary>
[GenerateSerializer, Immutable, Alias("projects.ReservationResult")]
public sealed record ReservationResult(
    [property: Id(0)] string? RefusalCode,
    [property: Id(1)] string? Detail,
    [property: Id(2)] QuotaUsage Usage)
{
    public bool Granted => RefusalCode is null;
}
