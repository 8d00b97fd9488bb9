using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.Grains.Uploads.Catalog;

/// <summary>
/// The listing query, in exactly the shape the status index of <c>0006_uploads_listing.sql</c> serves: equality on
/// (tenant_id, project_id, status), then the keyset bound and the order on (created_at DESC, id DESC), so
/// PostgreSQL reads the page straight off the index, however deep it is. Without a status filter the page is the
/// ordered merge of one such read per status (<c>0014</c>: no index of its own for every write to keep).
/// </summary>
internal static class UploadCatalogSql
{
    // Indexed by (has status filter ? 2 : 0) + (has cursor ? 1 : 0): a fixed text per form, so each form gets its
    // own plan and no "$n IS NULL OR ..." defeats the index.
    private static readonly string[] Texts = [Compose(false, false), Compose(false, true), Compose(true, false), Compose(true, true)];

    /// <summary>The SQL text and its parameters for one page; it fetches one row more than the limit.</summary>
    public static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) Build(UploadListQuery query)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = query.TenantId, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = query.ProjectId, NpgsqlDbType = NpgsqlDbType.Text },
        };
        if (query.Status is { } status)
        {
            parameters.Add(new() { Value = status.ToWireName(), NpgsqlDbType = NpgsqlDbType.Text });
        }

        if (query.After is { } after)
        {
            parameters.Add(new() { Value = after.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            parameters.Add(new() { Value = after.Id, NpgsqlDbType = NpgsqlDbType.Uuid });
        }

        parameters.Add(new() { Value = query.Limit + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        return (Texts[(query.Status is null ? 0 : 2) + (query.After is null ? 0 : 1)], parameters);
    }

    private static string Compose(bool byStatus, bool afterCursor)
    {
        // Numbered as Build adds them: tenant, project, [status], [cursor's created_at and id], limit.
        var next = 3;
        var status = byStatus ? $"${next++}" : null;
        var cursor = afterCursor ? $"(${next++}, ${next++})" : null;
        var limit = $"${next}";
        if (status is not null)
        {
            return Page(Select(status, cursor), limit);
        }

        // Every status's newest rows, merged in order: one index read per status, each already sorted.
        var perStatus = Enum.GetValues<UploadStatus>()
            .Select(each => $"({Page(Select($"'{each.ToWireName()}'", cursor), limit)})");
        return Page($"SELECT * FROM (\n{string.Join("\nUNION ALL\n", perStatus)}\n) AS page", limit);
    }

    private static string Select(string status, string? cursor)
    {
        var sql = $"""
            SELECT id, filename, content_type, size, status, created_at, uploaded_at, processed_at, error
            FROM uploads
            WHERE tenant_id = $1 AND project_id = $2 AND status = {status}
            """;
        return cursor is null ? sql : $"{sql} AND (created_at, id) < {cursor}";
    }

    private static string Page(string select, string limit) => $"{select}\nORDER BY created_at DESC, id DESC\nLIMIT {limit}";
}
