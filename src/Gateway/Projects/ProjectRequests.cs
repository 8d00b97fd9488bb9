using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Gateway.Projects;

/// <summary>Body of <c>POST /api/projects</c>; limits left out take the service's defaults.</summary>
public sealed record CreateProjectRequest(string? ProjectId, string? Name, LimitsRequest? Limits);

/// <summary>A project's limits; each one left out keeps its current (or default) value.</summary>
public sealed record LimitsRequest(long? MaxFileSizeBytes, long? MaxTotalBytes, int? MaxFiles, int? MaxInFlight)
{
    public ProjectLimits ApplyTo(ProjectLimits current) => new(
        MaxFileSizeBytes ?? current.MaxFileSizeBytes,
        MaxTotalBytes ?? current.MaxTotalBytes,
        MaxFiles ?? current.MaxFiles,
        MaxInFlight ?? current.MaxInFlight);
}

/// <summary>
/// Body of <c>PUT /api/projects/{projectId}/members/{userId}</c>. <see cref="Email"/> is where the member's email
/// digest goes: left out (or null) it stays as it is, empty removes it.
/// </summary>
public sealed record MemberRequest(string? Role, string? Email = null);
