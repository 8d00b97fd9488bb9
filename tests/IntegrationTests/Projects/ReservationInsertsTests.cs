using BuildPeer.Grains.Projects.Quota;
using BuildPeer.IntegrationTests.OrleansSchema;
using Npgsql;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>
/// Reservation rows of many projects group-committed into few statements, against the real PostgreSQL: every
/// caller's rows land, a row the table refuses fails only its own caller, and an unreachable database fails them all.
/// </summary>
public sealed class ReservationInsertsTests : IAsyncLifetime
{
    private readonly string _tenant = $"inserts-{Guid.NewGuid():N}";
    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await using (var command = _dataSource.CreateCommand("DELETE FROM project_reservations WHERE tenant_id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = _tenant });
            await command.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_projects_reserving_at_once_share_few_statements_and_every_row_lands()
    {
        await using var inserts = new ReservationInserts(_dataSource);
        var now = DateTimeOffset.UtcNow;
        var projects = Enumerable.Range(0, 50).Select(index => $"p{index}").ToList();

        await Task.WhenAll(projects.Select(project => inserts.InsertAsync(_tenant, project,
            [new LedgerReservation(Guid.CreateVersion7(), 100, now), new LedgerReservation(Guid.CreateVersion7(), 200, now)])));

        Assert.InRange(inserts.Statements, 1, projects.Count / 2);
        foreach (var project in projects)
        {
            Assert.Equal((2L, 300L), await RowsOf(project));
        }
    }

    [Fact]
    public async Task A_row_the_table_refuses_fails_its_own_caller_and_not_the_projects_beside_it()
    {
        await using var inserts = new ReservationInserts(_dataSource);
        var now = DateTimeOffset.UtcNow;

        var fine = Enumerable.Range(0, 5)
            .Select(index => inserts.InsertAsync(_tenant, $"fine{index}", [new LedgerReservation(Guid.CreateVersion7(), 10, now)]))
            .ToList();
        // A negative size breaks the table's CHECK, as any constraint would.
        var refused = inserts.InsertAsync(_tenant, "refused", [new LedgerReservation(Guid.CreateVersion7(), -1, now)]);

        await Task.WhenAll(fine);
        await Assert.ThrowsAsync<PostgresException>(() => refused);
        for (var index = 0; index < 5; index++)
        {
            Assert.Equal((1L, 10L), await RowsOf($"fine{index}"));
        }

        Assert.Equal((0L, 0L), await RowsOf("refused"));
    }

    [Fact]
    public async Task An_unreachable_database_fails_every_caller_of_the_statement()
    {
        await using var unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
        await using var inserts = new ReservationInserts(unreachable);

        var calls = Enumerable.Range(0, 10)
            .Select(index => inserts.InsertAsync(_tenant, $"p{index}", [new LedgerReservation(Guid.CreateVersion7(), 10, DateTimeOffset.UtcNow)]))
            .ToList();

        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => call);
        }
    }

    private async Task<(long Rows, long Bytes)> RowsOf(string project)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*), coalesce(sum(bytes), 0)::bigint FROM project_reservations WHERE tenant_id = $1 AND project_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = _tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = project });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
