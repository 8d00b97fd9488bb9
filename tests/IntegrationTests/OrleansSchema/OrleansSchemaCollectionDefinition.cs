namespace BuildPeer.IntegrationTests.OrleansSchema;

/// <summary>
/// The schema tests share one migrated database and run one after another: each starts real silos, and two
/// cores are better spent on one cluster at a time than on several fighting over timeouts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OrleansSchemaCollectionDefinition : ICollectionFixture<MigratedDatabaseFixture>
{
    public const string Name = "Orleans schema on PostgreSQL";
}

public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    public Task InitializeAsync() => TestDatabase.EnsureMigratedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
