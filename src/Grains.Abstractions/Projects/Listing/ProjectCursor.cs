namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>
/// A position in a project listing: the last project a page returned. The order is (name, id) and the id is unique
/// within a tenant, so "strictly after this position" never skips nor repeats a project.
/// <see cref="ProjectCursorCodec"/> turns a position into the opaque string clients see.
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectCursor")]
public sealed record ProjectCursor(
    [property: Id(0)] string Name,
    [property: Id(1)] string ProjectId);
