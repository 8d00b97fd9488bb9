using BuildPeer.Grains.Batching;
using BuildPeer.Grains.Projects.Quota;
using BuildPeer.IntegrationTests.OrleansSchema;
using Npgsql;

namespace BuildPeer.IntegrationTests.Batching;

/// <summary>
/// The group-committed statements' connections, against the real PostgreSQL: a prepared batch statement is planned
/// once (its generic plan) rather than for every execution, and options the connection string already sets are kept.
/// </summary>
public sealed class BatchedStatementsDataSourceTests : IAsyncLifetime
{
    private readonly string _tenant = $"plans-{Guid.NewGuid():N}";

    public Task InitializeAsync() => TestDatabase.EnsureMigratedAsync();

    public async Task DisposeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        await using var command = dataSource.CreateCommand("DELETE FROM project_reservations WHERE tenant_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = _tenant });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_prepared_batch_statement_runs_its_generic_plan_without_planning_each_execution()
    {
        // One connection, so the look-up below sees the session that ran the statements.
        var oneConnection = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            MaxPoolSize = 1,
            MaxAutoPrepare = 8,
            AutoPrepareMinUsages = 2,
        }.ConnectionString;
        await using var dataSource = BatchedStatementsDataSource.Create(oneConnection);
        await using (var inserts = new ReservationInserts(dataSource))
        {
            for (var index = 0; index < 12; index++)
            {
                await inserts.InsertAsync(_tenant, "p", [new LedgerReservation(Guid.CreateVersion7(), 10, DateTimeOffset.UtcNow)]);
            }
        }

        await using var command = dataSource.CreateCommand("""
            SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO project_reservations%'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the insert was not prepared");
        var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.Equal(0, custom);
        Assert.True(generic >= 10, $"{generic} executions of the generic plan");
    }

    [Fact]
    public async Task Options_the_connection_string_sets_are_kept()
    {
        var withOptions = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Options = "-c statement_timeout=4321" }.ConnectionString;
        await using var dataSource = BatchedStatementsDataSource.Create(withOptions);

        Assert.Equal("force_generic_plan", await ShowAsync(dataSource, "plan_cache_mode"));
        Assert.Equal("4321ms", await ShowAsync(dataSource, "statement_timeout"));
    }

    private static async Task<string> ShowAsync(NpgsqlDataSource dataSource, string setting)
    {
        await using var command = dataSource.CreateCommand($"SHOW {setting}");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
