namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// What a user may do in a project, and the project's limits when they may do anything. <see cref="None"/> covers
/// both "no such project" and "not a member", so callers cannot learn whether someone else's project exists.
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectAccess")]
public sealed record ProjectAccess([property: Id(0)] ProjectRole? Role, [property: Id(1)] ProjectLimits? Limits)
{
    public static readonly ProjectAccess None = new(null, null);

    public bool CanView => Role is not null;

    public bool CanUpload => Role is ProjectRole.Uploader or ProjectRole.Manager;

    public bool CanManage => Role is ProjectRole.Manager;
}
