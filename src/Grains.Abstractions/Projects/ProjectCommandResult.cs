namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>The outcome of a change to a project: the project as it now is, or a stable refusal code (<see cref="Errors.ErrorCodes"/>).</summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectCommandResult")]
public sealed record ProjectCommandResult(
    [property: Id(0)] ProjectView? Project,
    [property: Id(1)] string? RefusalCode,
    [property: Id(2)] string? Detail)
{
    public bool Succeeded => RefusalCode is null;

    public static ProjectCommandResult Ok(ProjectView project) => new(project, null, null);

    public static ProjectCommandResult Refused(string code, string detail) => new(null, code, detail);
}
