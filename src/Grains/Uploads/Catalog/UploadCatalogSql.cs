using System.Globalization;
using System.Text;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.Grains.Uploads.Catalog;

/// <summary>
/// The listing query, in exactly the shape the indexes of <c>0006_uploads_listing.sql</c> serve: equality on
/// (tenant_id, project_id[, status]), then the keyset bound and the order on (created_at DESC, id DESC), so
/// PostgreSQL reads the page straight off the index, however deep it is.
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
        var next = 3;
        var sql = new StringBuilder("""
            SELECT id, filename, content_type, size, status, created_at, uploaded_at, processed_at, error
            FROM uploads
            WHERE tenant_id = $1 AND project_id = $2
            """);
        if (byStatus)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND status = ${next++}");
        }

        if (afterCursor)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND (created_at, id) < (${next++}, ${next++})");
        }

        sql.Append(CultureInfo.InvariantCulture, $"\nORDER BY created_at DESC, id DESC\nLIMIT ${next}");
        return sql.ToString();
    }
}
