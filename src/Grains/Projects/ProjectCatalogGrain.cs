using BuildPeer.Grains.Abstractions.Projects;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Projects;

/// <summary>
/// Lists the projects a user may see from the project tables (the project grains' projection, written before each
/// command returns). Stateless, so reads spread over every silo; "my projects" is served by
/// <c>project_members_by_user</c>, a tenant admin's "every project" by the primary key.
/// </summary>
[StatelessWorker]
public sealed class ProjectCatalogGrain(NpgsqlDataSource dataSource) : Grain, IProjectCatalogGrain
{
    public const int MaxLimit = 1000;

    private const string MemberSql = """
        SELECT p.id, p.name, m.role
        FROM project_members m
        JOIN projects p ON p.tenant_id = m.tenant_id AND p.id = m.project_id
        WHERE m.tenant_id = $1 AND m.user_id = $2
        ORDER BY p.name, p.id
        LIMIT $3
        """;

    private const string WholeTenantSql = """
        SELECT p.id, p.name, m.role
        FROM projects p
        LEFT JOIN project_members m ON m.tenant_id = p.tenant_id AND m.project_id = p.id AND m.user_id = $2
        WHERE p.tenant_id = $1
        ORDER BY p.name, p.id
        LIMIT $3
        """;

    public async Task<IReadOnlyList<ProjectSummary>> ListVisibleAsync(string tenantId, string userId, bool wholeTenant, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        await using var command = dataSource.CreateCommand(wholeTenant ? WholeTenantSql : MemberSql);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = userId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });

        var projects = new List<ProjectSummary>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ProjectRole? role = !reader.IsDBNull(2) && ProjectRoleExtensions.TryParseWireName(reader.GetString(2), out var parsed)
                ? parsed
                : null;
            projects.Add(new ProjectSummary(reader.GetString(0), reader.GetString(1), role));
        }

        return projects;
    }
}
