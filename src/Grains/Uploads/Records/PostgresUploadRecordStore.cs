using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.Grains.Uploads.Records;

public sealed class PostgresUploadRecordStore(NpgsqlDataSource dataSource) : IUploadRecordStore
{
    /// <summary>
    /// How an insert into <c>uploads</c> meets the row already there: it wins only with a newer state version. Shared
    /// with UploadStateStorage's batched write.
    /// </summary>
    internal const string OnConflictKeepNewest = """
        ON CONFLICT (id) DO UPDATE SET
            size = excluded.size,
            status = excluded.status,
            error = excluded.error,
            etag = excluded.etag,
            uploaded_at = excluded.uploaded_at,
            processed_at = excluded.processed_at,
            state_version = excluded.state_version,
            metadata = excluded.metadata,
            sha256 = excluded.sha256,
            error_code = excluded.error_code,
            updated_at = now()
        WHERE uploads.state_version < excluded.state_version
        """;

    private const string UpsertSql = $"""
        INSERT INTO uploads (id, tenant_id, project_id, user_id, filename, s3_key, content_type, size, status, error,
                             etag, created_at, uploaded_at, processed_at, state_version, metadata, sha256, error_code,
                             updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
        {OnConflictKeepNewest}
        """;

    // Every text goes through PostgresText: one unstorable character must not stall the projection for ever.
    public async Task UpsertAsync(UploadRecord record, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = record.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.Clean(record.TenantId) });
        command.Parameters.Add(new NpgsqlParameter { Value = record.ProjectId });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.Clean(record.UserId) });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.Clean(record.FileName) });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.Clean(record.S3Key) });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.Clean(record.ContentType) });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Size });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)PostgresText.Clean(record.Error) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)PostgresText.Clean(record.ETag) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.UploadedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.ProcessedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = record.StateVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresText.CleanJson(record.MetadataJson), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Sha256 ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)PostgresText.Clean(record.ErrorCode) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
