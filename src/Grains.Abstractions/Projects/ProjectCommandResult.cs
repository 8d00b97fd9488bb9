namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>The outcome of a change to a project: the project as it now is, or a stable refusal code.</summary>
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

/// <summary>Stable refusal codes of project commands.</summary>
public static class ProjectRefusals
{
    public const string ProjectNotFound = "project_not_found";
    public const string ProjectExists = "project_exists";
    public const string InvalidLimits = "invalid_limits";
    public const string InvalidName = "invalid_project_name";
    public const string InvalidUserId = "invalid_user_id";
    public const string InvalidEmail = "invalid_email";
    public const string MemberNotFound = "member_not_found";
    public const string QuotaBytesExceeded = "quota_bytes_exceeded";
    public const string QuotaFilesExceeded = "quota_files_exceeded";
    public const string QuotaInFlightExceeded = "quota_in_flight_exceeded";
}
