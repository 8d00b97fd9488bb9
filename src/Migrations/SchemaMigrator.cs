using Npgsql;

namespace BuildPeer.Migrations;

/// <summary>
/// Brings a PostgreSQL database up to the schema this build expects by running each embedded
/// <see cref="MigrationScript"/> that the database has not recorded yet.
/// </summary>
/// <remarks>
/// Each script runs in its own transaction together with the row that records it, so a script is either
/// applied and recorded or not at all. Every silo may call this at start-up: the transactions take one
/// advisory lock, so concurrent migrators queue up and the later ones find the work done.
/// </remarks>
public static class SchemaMigrator
{
    // Any fixed number works as long as every migrator uses the same one; these bytes spell "BuildPee".
    private const long MigrationLockKey = 0x4275696C64506565;

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version text PRIMARY KEY,
          applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the pending scripts and returns their versions in the order applied (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await ApplyAsync(dataSource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the pending scripts and returns their versions in the order applied (empty when up to date).</summary>
    public static Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        ApplyAsync(dataSource, onApplied: static _ => { }, cancellationToken);

    /// <summary>
    /// Applies the pending scripts, calling <paramref name="onApplied"/> as each one commits (so that a caller can
    /// report what did get applied before a later script failed), and returns their versions in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, Action<string> onApplied, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(onApplied);

        var applied = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var script in MigrationScript.LoadEmbedded())
        {
            if (await ApplyIfPendingAsync(connection, script, cancellationToken).ConfigureAwait(false))
            {
                applied.Add(script.Version);
                onApplied(script.Version);
            }
        }

        return applied;
    }

    private static async Task<bool> ApplyIfPendingAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Held until commit or rollback. The history table is created under the lock too: two concurrent
        // CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalogue.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, CreateHistoryTableSql, cancellationToken).ConfigureAwait(false);

        if (await IsRecordedAsync(connection, transaction, script.Version, cancellationToken).ConfigureAwait(false))
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        try
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception)
        {
            throw new InvalidOperationException($"Migration {script.Version} failed: {exception.SqlState}: {exception.MessageText}", exception);
        }

        await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (version) VALUES (@version)", cancellationToken, ("version", script.Version)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> IsRecordedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = @version)", connection, transaction);
        command.Parameters.AddWithValue("version", version);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
