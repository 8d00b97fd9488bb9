using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Projects;

/// <summary>A project's rows: a projection of its grain state, stamped with the state version.</summary>
public sealed record ProjectRecord(
    string TenantId,
    string ProjectId,
    string Name,
    ProjectLimits Limits,
    IReadOnlyDictionary<string, ProjectRole> Members,
    DateTimeOffset CreatedAt,
    int StateVersion,
    IReadOnlyDictionary<string, string>? MemberEmails = null);
