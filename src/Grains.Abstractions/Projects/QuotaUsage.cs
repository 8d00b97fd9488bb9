namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// A project's limits and what counts against them: completed files (<see cref="UsedBytes"/>,
/// <see cref="UsedFiles"/>) and reservations of uploads still in flight.
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.QuotaUsage")]
public sealed record QuotaUsage(
    [property: Id(0)] ProjectLimits Limits,
    [property: Id(1)] long UsedBytes,
    [property: Id(2)] int UsedFiles,
    [property: Id(3)] long ReservedBytes,
    [property: Id(4)] int InFlight);
