using Npgsql;

namespace BuildPeer.Grains.Paging;

/// <summary>
/// Runs a keyset listing's query, which asks for one row more than the page holds, and splits its answer into the
/// page and whether more follow: the extra row only says that there is more, the page ends at the last row it shows.
/// </summary>
internal static class KeysetPageReader
{
    public static async Task<(List<T> Items, bool More)> ReadAsync<T>(NpgsqlDataSource dataSource, string sql,
        IReadOnlyList<NpgsqlParameter> parameters, int limit, Func<NpgsqlDataReader, T> readRow)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        var items = new List<T>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                items.Add(readRow(reader));
            }
        }

        if (items.Count <= limit)
        {
            return (items, false);
        }

        items.RemoveAt(items.Count - 1);
        return (items, true);
    }
}
