namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>A page of a project listing by (name, id), and where the next one starts (null when this is the last).</summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectPage")]
public sealed record ProjectPage(
    [property: Id(0)] IReadOnlyList<ProjectSummary> Items,
    [property: Id(1)] ProjectCursor? Next);
