using Npgsql;

namespace BuildPeer.InitiateBench;

/// <summary>
/// PostgreSQL's own counters over the measured window: transactions committed in the database, WAL written (by the
/// whole server) and rows written per table. The statistics are flushed by each backend about once a second and the database is shared with anything
/// else using the local stack, so these are approximate (a steady load keeps the error small).
/// </summary>
internal sealed record DatabaseActivity(long Commits, long WalBytes, IReadOnlyDictionary<string, long> RowsWritten)
{
    public static readonly IReadOnlyList<string> Tables = ["orleansstorage", "orleansreminderstable", "uploads"];

    public static async Task<DatabaseActivity> TakeAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var commits = new NpgsqlCommand(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        var committed = (long)(await commits.ExecuteScalarAsync())!;
        await using var wal = new NpgsqlCommand("SELECT wal_bytes::bigint FROM pg_stat_wal", connection);
        var walBytes = (long)(await wal.ExecuteScalarAsync())!;

        await using var tables = new NpgsqlCommand(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = ANY(@tables)", connection);
        tables.Parameters.AddWithValue("tables", Tables.ToArray());
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new DatabaseActivity(committed, walBytes, rows);
    }

    public static DatabaseActivity Between(DatabaseActivity start, DatabaseActivity end) => new(
        end.Commits - start.Commits,
        end.WalBytes - start.WalBytes,
        end.RowsWritten.ToDictionary(pair => pair.Key, pair => pair.Value - start.RowsWritten.GetValueOrDefault(pair.Key), StringComparer.Ordinal));
}
