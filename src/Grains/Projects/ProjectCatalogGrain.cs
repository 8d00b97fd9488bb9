using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Abstractions.Projects.Listing;
using BuildPeer.Grains.Paging;
using Npgsql;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Projects;

/// <summary>
/// Lists the projects a user may see from the project tables (the project grains' projection, written before each
/// command returns). Stateless, so reads spread over every silo; the database does the work, see
/// <see cref="ProjectCatalogSql"/> for which index serves which listing.
/// </summary>
[StatelessWorker]
public sealed class ProjectCatalogGrain(NpgsqlDataSource dataSource) : Grain, IProjectCatalogGrain
{
    public async Task<IReadOnlyList<ProjectSummary>> ListVisibleAsync(string tenantId, string userId, bool wholeTenant, int limit)
    {
        var page = await ListPageAsync(new ProjectListQuery(tenantId, userId, wholeTenant, Search: null, limit, After: null));
        return page.Items;
    }

    public async Task<ProjectPage> ListPageAsync(ProjectListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();

        var (sql, parameters) = ProjectCatalogSql.Build(query);
        var (projects, more) = await KeysetPageReader.ReadAsync(dataSource, sql, parameters, query.Limit, ReadSummary);
        return new ProjectPage(projects, more ? new ProjectCursor(projects[^1].Name, projects[^1].ProjectId) : null);
    }

    private static ProjectSummary ReadSummary(NpgsqlDataReader reader)
    {
        ProjectRole? role = !reader.IsDBNull(2) && ProjectRoleExtensions.TryParseWireName(reader.GetString(2), out var parsed)
            ? parsed
            : null;
        return new ProjectSummary(reader.GetString(0), reader.GetString(1), role);
    }
}
