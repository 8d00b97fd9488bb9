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
