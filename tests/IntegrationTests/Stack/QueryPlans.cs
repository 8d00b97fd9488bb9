using Npgsql;

namespace BuildPeer.IntegrationTests.Stack;

public static class QueryPlans
{
    /// <summary>
    /// The plan of <paramref name="sql"/> with its parameters. Test tables are small, so statistics are refreshed
    /// and sequential scans and sorts switched off for the session: the question is which index fits, as on a real
    /// table, where reading every row or sorting a project's uploads costs far more than an index walk.
    /// </summary>
    public static async Task<string> ExplainAsync(string table, string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using (var analyze = new NpgsqlCommand($"ANALYZE {table}; SET enable_seqscan = off; SET enable_sort = off", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return await PlanAsync(connection, sql, parameters);
    }

    /// <summary>
    /// The plans of <paramref name="queries"/> as the planner chooses them freely, over the tables as they are plus
    /// the rows <paramref name="seedSql"/> adds, with statistics that count them. Everything happens in one
    /// transaction that is rolled back, so the rows and the statistics exist only for these plans and no other test
    /// sees them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExplainOverSeedAsync(
        string seedSql, string tables, IEnumerable<(string Sql, IEnumerable<NpgsqlParameter> Parameters)> queries)
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var seed = new NpgsqlCommand($"{seedSql}; ANALYZE {tables}", connection, transaction))
        {
            seed.CommandTimeout = 120;
            await seed.ExecuteNonQueryAsync();
        }

        var plans = new List<string>();
        foreach (var (sql, parameters) in queries)
        {
            plans.Add(await PlanAsync(connection, sql, parameters));
        }

        await transaction.RollbackAsync();
        return plans;
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var parameter in parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
