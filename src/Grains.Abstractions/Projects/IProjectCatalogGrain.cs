using BuildPeer.Grains.Abstractions.Projects.Listing;

namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>
/// Reads which projects a user may see from the queryable <c>projects</c> and <c>project_members</c> tables. A
/// stateless worker: call it with key 0. It trusts the tenant and user it is given, so callers pass the verified ones.
/// </summary>
[Alias("projects.IProjectCatalogGrain")]
public interface IProjectCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The projects of <paramref name="tenantId"/> that <paramref name="userId"/> is a member of, or every project of
    /// the tenant when <paramref name="wholeTenant"/> (tenant admins), ordered by name, at most <paramref name="limit"/>.
    /// </summary>
    /// <remarks>The first page of <see cref="ListPageAsync"/>; kept for gateways of the previous release while a rollout runs.</remarks>
    [Alias("ListVisible")]
    Task<IReadOnlyList<ProjectSummary>> ListVisibleAsync(string tenantId, string userId, bool wholeTenant, int limit);

    /// <summary>
    /// One page of at most <see cref="ProjectListQuery.Limit"/> projects the query's user may see whose name or id
    /// contains its search, strictly after <see cref="ProjectListQuery.After"/> in (name, id) order, and the
    /// position to continue from, or null on the last page.
    /// </summary>
    [Alias("ListPage")]
    Task<ProjectPage> ListPageAsync(ProjectListQuery query);
}
