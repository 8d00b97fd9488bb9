namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// A user's standing in a project: whether it exists, their role if they are a member, and its limits. What that
/// allows is <see cref="Access.AccessPolicy"/>'s to say, including what to tell someone who may not see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectAccess")]
public sealed record ProjectAccess(
    [property: Id(0)] ProjectRole? Role,
    [property: Id(1)] ProjectLimits? Limits,
    [property: Id(2)] bool Exists = false)
{
    /// <summary>The project does not exist.</summary>
    public static readonly ProjectAccess None = new(null, null);
}
