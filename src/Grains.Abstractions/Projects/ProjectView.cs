namespace BuildPeer.Grains.Abstractions.Projects;

[GenerateSerializer, Immutable, Alias("projects.ProjectView")]
public sealed record ProjectView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] string Name,
    [property: Id(3)] ProjectLimits Limits,
    [property: Id(4)] IReadOnlyDictionary<string, ProjectRole> Members,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] IReadOnlyDictionary<string, string>? MemberEmails = null);
