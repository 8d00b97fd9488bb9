using BuildPeer.Grains.Abstractions.Projects;

namespace BuildPeer.Grains.Projects;

/// <summary>The durable state of one project: the source of truth for its members and limits (its quota is in the ledger).</summary>
[GenerateSerializer, Alias("projects.ProjectState")]
public sealed class ProjectState
{
    [Id(0)] public string Name { get; set; } = string.Empty;

    [Id(1)] public ProjectLimits Limits { get; set; } = ProjectLimits.Default;

    [Id(2)] public Dictionary<string, ProjectRole> Members { get; set; } = new(StringComparer.Ordinal);

    // Ids 3-5 are retired: the quota moved to the ledger (project_quota, project_reservations). They stay readable
    // so a state written by an older version loads; ProjectGrain moves them into the ledger on activation and
    // writes them empty. Never reuse these ids.

    /// <summary>Retired (see above): uploads in flight as an older version stored them, by upload id.</summary>
    [Id(3)] public Dictionary<Guid, ReservedUpload> Reservations { get; set; } = [];

    /// <summary>Retired (see above).</summary>
    [Id(4)] public long UsedBytes { get; set; }

    /// <summary>Retired (see above).</summary>
    [Id(5)] public int UsedFiles { get; set; }

    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Raised on every write; stamps the <c>projects</c> row so the table converges to the newest state.</summary>
    [Id(7)] public int Version { get; set; }

    /// <summary>Members' email addresses, by user id, where one was given (the digest mails them).</summary>
    [Id(8)] public Dictionary<string, string> MemberEmails { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("projects.ReservedUpload")]
public sealed record ReservedUpload([property: Id(0)] long Size, [property: Id(1)] DateTimeOffset ReservedAt);
