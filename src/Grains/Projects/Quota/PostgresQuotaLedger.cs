using Npgsql;

namespace BuildPeer.Grains.Projects.Quota;

/// <summary>
/// The quota ledger in the <c>project_quota</c> and <c>project_reservations</c> tables. Each operation is a single
/// statement (multi-row through arrays, several steps through a CTE), so one round trip and one commit; reservations
/// share theirs with other projects'.
/// Every statement is idempotent, so one that failed for a transient reason is sent once more, over a fresh
/// connection: after an outage the pool's idle connections are dead, and the first use of each would fail.
/// </summary>
public sealed class PostgresQuotaLedger(NpgsqlDataSource dataSource, ReservationInserts inserts) : IQuotaLedger
{
    private const string LoadCountersSql = "SELECT used_bytes, used_files FROM project_quota WHERE tenant_id = $1 AND project_id = $2";

    private const string LoadReservationsSql = """
        SELECT upload_id, bytes, reserved_at FROM project_reservations WHERE tenant_id = $1 AND project_id = $2
        """;

    // Only the rows actually deleted count, so the counters move exactly once per reservation whatever is retried.
    private const string SettleSql = """
        WITH settled AS (
          SELECT * FROM unnest($3::uuid[], $4::boolean[], $5::bigint[]) AS s (upload_id, committed, stored_bytes)
        ), gone AS (
          DELETE FROM project_reservations r USING settled s
          WHERE r.tenant_id = $1 AND r.project_id = $2 AND r.upload_id = s.upload_id
          RETURNING s.committed, s.stored_bytes
        )
        INSERT INTO project_quota AS q (tenant_id, project_id, used_bytes, used_files)
        SELECT $1, $2, sum(stored_bytes)::bigint, count(*)::integer FROM gone WHERE committed HAVING count(*) > 0
        ON CONFLICT (tenant_id, project_id) DO UPDATE SET
          used_bytes = q.used_bytes + excluded.used_bytes,
          used_files = q.used_files + excluded.used_files
        """;

    private const string ReopenSql = """
        WITH added AS (
          INSERT INTO project_reservations (tenant_id, project_id, upload_id, bytes, reserved_at)
          VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (tenant_id, project_id, upload_id) DO NOTHING
          RETURNING 1
        )
        UPDATE project_quota
        SET used_bytes = greatest(0, used_bytes - $4), used_files = greatest(0, used_files - 1)
        WHERE tenant_id = $1 AND project_id = $2 AND EXISTS (SELECT 1 FROM added)
        """;

    // The counters row marks the import as done: reservations go in only with the row that this statement created.
    private const string ImportSql = """
        WITH counters AS (
          INSERT INTO project_quota (tenant_id, project_id, used_bytes, used_files) VALUES ($1, $2, $3, $4)
          ON CONFLICT (tenant_id, project_id) DO NOTHING
          RETURNING 1
        )
        INSERT INTO project_reservations (tenant_id, project_id, upload_id, bytes, reserved_at)
        SELECT $1, $2, r.upload_id, r.bytes, r.reserved_at
        FROM unnest($5::uuid[], $6::bigint[], $7::timestamptz[]) AS r (upload_id, bytes, reserved_at)
        WHERE EXISTS (SELECT 1 FROM counters)
        ON CONFLICT (tenant_id, project_id, upload_id) DO NOTHING
        """;

    public Task<LedgerSnapshot> LoadAsync(string tenantId, string projectId, CancellationToken cancellationToken = default) =>
        RetryingOnceAsync(() => ReadAsync(tenantId, projectId, cancellationToken));

    private async Task<LedgerSnapshot> ReadAsync(string tenantId, string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Command(LoadCountersSql, tenantId, projectId), Command(LoadReservationsSql, tenantId, projectId) },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        long usedBytes = 0;
        var usedFiles = 0;
        if (await reader.ReadAsync(cancellationToken))
        {
            usedBytes = reader.GetInt64(0);
            usedFiles = reader.GetInt32(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var reservations = new Dictionary<Guid, ReservedUpload>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reservations[reader.GetGuid(0)] = new ReservedUpload(reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        return new LedgerSnapshot(usedBytes, usedFiles, reservations);
    }

    /// <summary>Shares its statement with other projects' reservations on this silo (<see cref="ReservationInserts"/>).</summary>
    public Task ReserveAsync(string tenantId, string projectId, IReadOnlyList<LedgerReservation> reservations,
        CancellationToken cancellationToken = default) =>
        RetryingOnceAsync(async () =>
        {
            await inserts.InsertAsync(tenantId, projectId, reservations).WaitAsync(cancellationToken);
            return reservations.Count;
        });

    public Task SettleAsync(string tenantId, string projectId, IReadOnlyList<LedgerSettlement> settlements,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(SettleSql, cancellationToken, tenantId, projectId,
            settlements.Select(settlement => settlement.UploadId).ToArray(),
            settlements.Select(settlement => settlement.Committed).ToArray(),
            settlements.Select(settlement => settlement.StoredBytes).ToArray());

    public Task ReopenAsync(string tenantId, string projectId, LedgerReservation reservation, CancellationToken cancellationToken = default) =>
        ExecuteAsync(ReopenSql, cancellationToken, tenantId, projectId, reservation.UploadId, reservation.Bytes,
            reservation.ReservedAt.UtcDateTime);

    public Task ImportAsync(string tenantId, string projectId, LedgerSnapshot snapshot, CancellationToken cancellationToken = default) =>
        ExecuteAsync(ImportSql, cancellationToken, tenantId, projectId, snapshot.UsedBytes, snapshot.UsedFiles,
            snapshot.Reservations.Keys.ToArray(),
            snapshot.Reservations.Values.Select(reserved => reserved.Size).ToArray(),
            snapshot.Reservations.Values.Select(reserved => reserved.ReservedAt.UtcDateTime).ToArray());

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values) =>
        RetryingOnceAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private async Task<T> RetryingOnceAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (NpgsqlException exception) when (exception.IsTransient)
        {
            dataSource.Clear();
            return await operation();
        }
    }

    private static NpgsqlBatchCommand Command(string sql, string tenantId, string projectId) => new(sql)
    {
        Parameters = { new NpgsqlParameter { Value = tenantId }, new NpgsqlParameter { Value = projectId } },
    };
}
