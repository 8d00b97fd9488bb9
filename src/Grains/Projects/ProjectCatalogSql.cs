using System.Globalization;
using System.Text;
using BuildPeer.Grains.Abstractions.Projects.Listing;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.Grains.Projects;

/// <summary>
/// The project listing query, in the shapes the indexes of <c>0005_projects.sql</c> and <c>0015_projects_search.sql</c>
/// serve: a member's projects come off <c>project_members_by_user</c> (a few hundred rows at most, joined by the
/// primary key); a tenant admin's whole tenant is read in (name, id) order off <c>projects_tenant_name_id</c>, where
/// the keyset bound is an index bound however deep the page, and a search of it off the trigram index
/// <c>projects_search_trgm</c>. Name and id are compared lower-cased, so the search ignores case.
/// </summary>
internal static class ProjectCatalogSql
{
    // Indexed by (whole tenant ? 4 : 0) + (search ? 2 : 0) + (after ? 1 : 0): a fixed text per form, so each form
    // gets its own plan and no "$n IS NULL OR ..." defeats an index.
    private static readonly string[] Texts =
        [.. Enumerable.Range(0, 8).Select(form => Compose(wholeTenant: (form & 4) != 0, search: (form & 2) != 0, after: (form & 1) != 0))];

    /// <summary>The SQL text and its parameters for one page; it fetches one row more than the limit.</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) Build(ProjectListQuery query)
    {
        var parameters = new List<NpgsqlParameter>
        {
            Text(query.TenantId),
            Text(query.UserId),
        };
        if (query.Search is { } search)
        {
            parameters.Add(Text(ProjectSearch.ContainsPattern(search)));
        }

        if (query.After is { } after)
        {
            parameters.Add(Text(after.Name));
            parameters.Add(Text(after.ProjectId));
        }

        parameters.Add(new() { Value = query.Limit + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        var form = (query.WholeTenant ? 4 : 0) + (query.Search is null ? 0 : 2) + (query.After is null ? 0 : 1);
        return (Texts[form], parameters);
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static string Compose(bool wholeTenant, bool search, bool after)
    {
        var next = 3;
        var sql = new StringBuilder(wholeTenant
            ? """
              SELECT p.id, p.name, m.role
              FROM projects p
              LEFT JOIN project_members m ON m.tenant_id = p.tenant_id AND m.project_id = p.id AND m.user_id = $2
              WHERE p.tenant_id = $1
              """
            : """
              SELECT p.id, p.name, m.role
              FROM project_members m
              JOIN projects p ON p.tenant_id = m.tenant_id AND p.id = m.project_id
              WHERE m.tenant_id = $1 AND m.user_id = $2
              """);
        if (search)
        {
            // lower() of the pattern as of the name: the same folding on both sides. Ids are lower case already.
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND (lower(p.name) LIKE lower(${next}) ESCAPE '\\' OR p.id LIKE lower(${next}) ESCAPE '\\')");
            next++;
        }

        if (after)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND (p.name, p.id) > (${next++}, ${next++})");
        }

        sql.Append(CultureInfo.InvariantCulture, $"\nORDER BY p.name, p.id\nLIMIT ${next}");
        return sql.ToString();
    }
}
