using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.Gateway.Projects;

public sealed record ProjectResponse(
    string ProjectId, string Name, LimitsResponse Limits, IReadOnlyList<MemberResponse> Members, DateTimeOffset CreatedAt)
{
    /// <param name="view">The project.</param>
    /// <param name="showsEmailOf">Whose address the caller may see; every member's when omitted (managers and admins).</param>
    public static ProjectResponse From(ProjectView view, Func<string, bool>? showsEmailOf = null) => new(
        view.ProjectId,
        view.Name,
        LimitsResponse.From(view.Limits),
        view.Members.OrderBy(member => member.Key, StringComparer.Ordinal)
            .Select(member => new MemberResponse(member.Key, member.Value.ToWireName(),
                showsEmailOf is null || showsEmailOf(member.Key) ? view.MemberEmails?.GetValueOrDefault(member.Key) : null))
            .ToList(),
        view.CreatedAt);
}

public sealed record MemberResponse(string UserId, string Role, string? Email);

public sealed record LimitsResponse(long MaxFileSizeBytes, long MaxTotalBytes, int MaxFiles, int MaxInFlight)
{
    public static LimitsResponse From(ProjectLimits limits) =>
        new(limits.MaxFileSizeBytes, limits.MaxTotalBytes, limits.MaxFiles, limits.MaxInFlight);
}

/// <summary>Body of <c>GET /api/projects/{projectId}/quota</c>: the limits and what counts against each.</summary>
public sealed record QuotaResponse(LimitsResponse Limits, UsageResponse Usage)
{
    public static QuotaResponse From(QuotaUsage quota) => new(
        LimitsResponse.From(quota.Limits),
        new UsageResponse(quota.UsedBytes, quota.UsedFiles, quota.ReservedBytes, quota.InFlight));
}

/// <summary>Stored files and bytes, plus what uploads still in flight hold back.</summary>
public sealed record UsageResponse(long UsedBytes, int UsedFiles, long ReservedBytes, int InFlight);

/// <summary>
/// Body of <c>GET /api/projects</c>: a page of projects by (name, id), and the cursor of the next page (null on the
/// last one).
/// </summary>
public sealed record ProjectListResponse(IReadOnlyList<ProjectListItem> Projects, string? NextCursor)
{
    /// <summary>
    /// The page <paramref name="caller"/> sees, each project with whether the caller may upload into it; the next
    /// position becomes an opaque cursor bound to this listing.
    /// </summary>
    public static ProjectListResponse From(Principal caller, ProjectPage page, ProjectListQuery query) => new(
        page.Items.Select(project => new ProjectListItem(
            project.ProjectId,
            project.Name,
            project.Role?.ToWireName(),
            AccessPolicy.Decide(caller, AccessAction.Upload,
                AccessTarget.Project(project.ProjectId, new ProjectAccess(project.Role, Limits: null, Exists: true))).Allowed)).ToList(),
        page.Next is { } next ? ProjectCursorCodec.Encode(next, query) : null);
}

/// <summary>One project of the picker; <see cref="Role"/> is null where a tenant admin sees it without being a member.</summary>
public sealed record ProjectListItem(string ProjectId, string Name, string? Role, bool CanUpload);
