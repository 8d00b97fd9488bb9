using BuildPeer.Grains.Uploads.Records;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.Migrations;
using Npgsql;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>
/// The projection writes whatever text reaches it: a row PostgreSQL refuses would be retried for ever and the upload
/// would be missing from every listing.
/// </summary>
public sealed class UploadRecordStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        LocalStack.ExportToEnvironment();
        await SchemaMigrator.ApplyAsync(LocalStack.PostgresConnectionString);
        _dataSource = NpgsqlDataSource.Create(LocalStack.PostgresConnectionString);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_NUL_or_lone_surrogate_in_text_and_a_NUL_escape_in_metadata_are_stored_as_replacement_characters()
    {
        var id = Guid.CreateVersion7();
        var name = "obra\r\nSet-Cookie: a=b\t\0\a" + '\uD800' + ".jpg";
        var record = new UploadRecord(id, "acme", "records-test", "alice", name, $"acme/records-test/uploads/{id}/obra.jpg",
            "image/jpeg", 10, "FAILED", "parser said \0", null, DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow, 3,
            """{"image":{"cameraMake":"Canon\u0000"}}""", null, "image_corrupt");

        await new PostgresUploadRecordStore(_dataSource).UpsertAsync(record);

        await using var command = _dataSource.CreateCommand("SELECT filename, error, metadata::text FROM uploads WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the row was not written");
        Assert.Equal("obra\r\nSet-Cookie: a=b\t\uFFFD\a\uFFFD.jpg", reader.GetString(0));
        Assert.Equal("parser said \uFFFD", reader.GetString(1));
        Assert.Contains("Canon\uFFFD", reader.GetString(2), StringComparison.Ordinal);
    }
}
