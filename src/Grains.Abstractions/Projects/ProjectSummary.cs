namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// A project as a picker shows it: its id, its name and the caller's role in it (null when a tenant admin sees it
/// without being a member).
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectSummary")]
public sealed record ProjectSummary(
    [property: Id(0)] string ProjectId,
    [property: Id(1)] string Name,
    [property: Id(2)] ProjectRole? Role);
