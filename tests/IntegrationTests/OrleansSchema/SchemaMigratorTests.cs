using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Migrations;
using Npgsql;

namespace BuildPeer.IntegrationTests.OrleansSchema;

[Collection(OrleansSchemaCollectionDefinition.Name)]
public sealed class SchemaMigratorTests
{
    // Every key the ADO.NET clustering, persistence and reminders providers of Orleans 10.4 look up.
    private static readonly string[] ProviderQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey",
        "DeleteReminderRowsKey", "DeleteStorageKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey",
        "MembershipReadAllKey", "MembershipReadRowKey", "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "UpsertReminderRowKey",
        "WriteToStorageKey",
    ];

    [Fact]
    public async Task Applying_the_migrations_again_applies_nothing()
    {
        Assert.Empty(await SchemaMigrator.ApplyAsync(TestDatabase.ConnectionString));
    }

    [Fact]
    public async Task Concurrent_migrators_on_an_empty_schema_apply_each_script_exactly_once()
    {
        var schema = $"migrator_test_{Guid.NewGuid():N}";
        await TestDatabase.ExecuteAsync($"CREATE SCHEMA {schema}");
        try
        {
            // With the search path on the empty schema, every unqualified table the scripts create lands there.
            var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = schema }.ToString();
            var allVersions = MigrationScript.LoadEmbedded().Select(script => script.Version).ToList();

            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SchemaMigrator.ApplyAsync(connectionString))));

            Assert.Equal(allVersions, runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
            Assert.Equal(allVersions, await TestDatabase.QueryAsync($"SELECT version FROM {schema}.schema_migrations ORDER BY version", row => row.GetString(0)));
        }
        finally
        {
            await TestDatabase.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Fact]
    public void The_scripts_are_embedded_in_the_order_they_must_run()
    {
        Assert.Equal(
            ["0001_orleans_clustering", "0002_orleans_persistence", "0003_orleans_reminders", "0004_buildpeer_uploads", "0005_projects", "0006_uploads_listing", "0007_processing", "0008_member_emails", "0009_uploads_recent_changes",
             "0010_project_quota_ledger", "0011_upload_state",
             "0012_uploads_s3_key_not_indexed", "0013_uploads_recent_changes_finished_only",
             "0014_uploads_listing_by_status_only", "0015_projects_search"],
            MigrationScript.LoadEmbedded().Select(script => script.Version));
    }

    [Fact]
    public async Task The_query_table_holds_every_key_the_providers_look_up()
    {
        var keys = await TestDatabase.QueryAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", row => row.GetString(0));

        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_uploads_table_rejects_an_unknown_status()
    {
        var exception = await Assert.ThrowsAsync<PostgresException>(() => TestDatabase.ExecuteAsync(
            $"""
            INSERT INTO uploads (id, tenant_id, project_id, user_id, filename, s3_key, content_type, size, status, created_at)
            VALUES ('{Guid.NewGuid()}', 't', 'p', 'u', 'a.pdf', 'k/{Guid.NewGuid()}', 'application/pdf', 1, 'LOST', now())
            """));

        Assert.Equal((PostgresErrorCodes.CheckViolation, "uploads_status_known"), (exception.SqlState, exception.ConstraintName));
    }
}
