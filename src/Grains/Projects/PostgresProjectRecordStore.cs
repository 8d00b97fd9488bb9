using BuildPeer.Grains.Abstractions.Projects;
using Npgsql;

namespace BuildPeer.Grains.Projects;

public sealed class PostgresProjectRecordStore(NpgsqlDataSource dataSource) : IProjectRecordStore
{
    private const string InsertTenantSql = """
        INSERT INTO tenants (id) VALUES ($1) ON CONFLICT (id) DO NOTHING;
        """;

    // Returns a row only when this version is newer than the stored one: then, and only then, members are replaced.
    private const string UpsertRowSql = """
        INSERT INTO projects (tenant_id, id, name, max_file_size_bytes, max_total_bytes, max_files, max_in_flight,
                              created_at, state_version, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
        ON CONFLICT (tenant_id, id) DO UPDATE SET
            name = excluded.name,
            max_file_size_bytes = excluded.max_file_size_bytes,
            max_total_bytes = excluded.max_total_bytes,
            max_files = excluded.max_files,
            max_in_flight = excluded.max_in_flight,
            state_version = excluded.state_version,
            updated_at = now()
        WHERE projects.state_version < excluded.state_version
        RETURNING 1
        """;

    public async Task UpsertAsync(ProjectRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var tenant = new NpgsqlCommand(InsertTenantSql, connection, transaction))
        {
            tenant.Parameters.Add(new NpgsqlParameter { Value = record.TenantId });
            await tenant.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var project = new NpgsqlCommand(UpsertRowSql, connection, transaction))
        {
            project.Parameters.Add(new NpgsqlParameter { Value = record.TenantId });
            project.Parameters.Add(new NpgsqlParameter { Value = record.ProjectId });
            project.Parameters.Add(new NpgsqlParameter { Value = record.Name });
            project.Parameters.Add(new NpgsqlParameter { Value = record.Limits.MaxFileSizeBytes });
            project.Parameters.Add(new NpgsqlParameter { Value = record.Limits.MaxTotalBytes });
            project.Parameters.Add(new NpgsqlParameter { Value = record.Limits.MaxFiles });
            project.Parameters.Add(new NpgsqlParameter { Value = record.Limits.MaxInFlight });
            project.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.UtcDateTime });
            project.Parameters.Add(new NpgsqlParameter { Value = record.StateVersion });
            if (await project.ExecuteScalarAsync(cancellationToken) is null)
            {
                return;
            }
        }

        await ReplaceMembersAsync(connection, transaction, record, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ReplaceMembersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        ProjectRecord record, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var delete = new NpgsqlBatchCommand("DELETE FROM project_members WHERE tenant_id = $1 AND project_id = $2");
            delete.Parameters.Add(new NpgsqlParameter { Value = record.TenantId });
            delete.Parameters.Add(new NpgsqlParameter { Value = record.ProjectId });
            batch.BatchCommands.Add(delete);

            foreach (var (userId, role) in record.Members)
            {
                var insert = new NpgsqlBatchCommand(
                    "INSERT INTO project_members (tenant_id, project_id, user_id, role, email) VALUES ($1, $2, $3, $4, $5)");
                insert.Parameters.Add(new NpgsqlParameter { Value = record.TenantId });
                insert.Parameters.Add(new NpgsqlParameter { Value = record.ProjectId });
                insert.Parameters.Add(new NpgsqlParameter { Value = userId });
                insert.Parameters.Add(new NpgsqlParameter { Value = role.ToWireName() });
                insert.Parameters.Add(new NpgsqlParameter
                {
                    Value = record.MemberEmails?.GetValueOrDefault(userId) ?? (object)DBNull.Value,
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
                });
                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
