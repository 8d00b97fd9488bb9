using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using BuildPeer.IntegrationTests.Stack;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.IntegrationTests.Catalog;

/// <summary>
/// Rows of the <c>uploads</c> table written straight to the database, so listing tests choose every created-at to
/// the microsecond (ties included) without going through the upload grains.
/// </summary>
public static class CatalogRows
{
    /// <summary>2026-03-01T09:00:00.000001Z: whole seconds would hide a lost microsecond.</summary>
    public static readonly DateTimeOffset BaseTime = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(TimeSpan.TicksPerMicrosecond);

    public static UploadListItem Item(DateTimeOffset createdAt, UploadStatus status = UploadStatus.Pending, string? fileName = null) =>
        new(Guid.CreateVersion7(), fileName ?? $"site-{Guid.NewGuid():N}.jpg", "image/jpeg", 1234, status, createdAt, null, null, null);

    public static async Task InsertAsync(string tenantId, string projectId, IEnumerable<UploadListItem> items)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var item in items)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO uploads (id, tenant_id, project_id, user_id, filename, s3_key, content_type, size, status,
                                     error, created_at, uploaded_at, processed_at)
                VALUES ($1, $2, $3, 'catalog-tests', $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = item.UploadId });
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = projectId });
            command.Parameters.Add(new NpgsqlParameter { Value = item.FileName });
            command.Parameters.Add(new NpgsqlParameter { Value = $"{tenantId}/{projectId}/uploads/{item.UploadId}/{item.FileName}" });
            command.Parameters.Add(new NpgsqlParameter { Value = item.ContentType });
            command.Parameters.Add(new NpgsqlParameter { Value = item.Size });
            command.Parameters.Add(new NpgsqlParameter { Value = item.Status.ToWireName() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)item.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(Time(item.CreatedAt));
            command.Parameters.Add(Time(item.UploadedAt));
            command.Parameters.Add(Time(item.ProcessedAt));
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public static async Task DeleteTenantAsync(string tenantId)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM uploads WHERE tenant_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = tenantId } },
        };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The listing's order as PostgreSQL defines it: created at descending, then id descending, where uuids compare
    /// as their 16 bytes in RFC 9562 order (which is not how <see cref="Guid.CompareTo(Guid)"/> is specified).
    /// </summary>
    public static List<UploadListItem> InListingOrder(IEnumerable<UploadListItem> items) =>
        [.. items.OrderByDescending(item => item.CreatedAt).ThenByDescending(item => item.UploadId, PostgresUuidOrder.Instance)];

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = (object?)value?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private sealed class PostgresUuidOrder : IComparer<Guid>
    {
        public static readonly PostgresUuidOrder Instance = new();

        public int Compare(Guid x, Guid y) => x.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(y.ToByteArray(bigEndian: true));
    }
}
