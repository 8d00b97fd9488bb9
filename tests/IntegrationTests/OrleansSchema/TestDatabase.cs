using BuildPeer.Migrations;
using Npgsql;

namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>The PostgreSQL the tests run against, migrated once per test run before any test touches it.</summary>
public static class TestDatabase
{
    private const string LocalStackConnectionString =
        "Host=127.0.0.1;Port=55432;Database=buildpeer;Username=buildpeer;Password=buildpeer";

    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") is { Length: > 0 } configured
            ? configured
            : LocalStackConnectionString;

    private static readonly Lazy<Task> Migration = new(() => SchemaMigrator.ApplyAsync(ConnectionString));

    public static Task EnsureMigratedAsync() => Migration.Value;

    public static async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> readRow, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
