using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.Grains.Hosting;
using BuildPeer.Grains.Projects;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>
/// The project's quota in its ledger tables: every operation lands there, an activation reads it back, the grain
/// state keeps its size whatever is in flight, and a state written before the ledger existed moves into it.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class QuotaLedgerTests(ServiceHostsFixture hosts)
{
    private static readonly ProjectLimits Roomy = ProjectLimits.Default with { MaxInFlight = 5000 };

    private IGrainFactory Grains => hosts.SiloServices.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Reserve_commit_release_and_reopen_land_in_the_ledger_and_an_activation_reads_them_back()
    {
        var (key, project) = await NewProjectAsync(Roomy);
        var (kept, dropped) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        Assert.True((await project.ReserveAsync([new Reservation(kept, 1000), new Reservation(dropped, 2000)])).Granted);
        Assert.Equal(new LedgerRows(0, 0, 2, 3000), await LedgerAsync(key));

        await project.CommitAsync(kept, 900);
        await project.CommitAsync(kept, 900);
        await project.ReleaseAsync(dropped);
        Assert.Equal(new LedgerRows(900, 1, 0, 0), await LedgerAsync(key));

        await project.ReopenAsync(kept, 900);
        Assert.Equal(new LedgerRows(0, 0, 1, 900), await LedgerAsync(key));
        await project.CommitAsync(kept, 1200);
        Assert.Equal(new LedgerRows(1200, 1, 0, 0), await LedgerAsync(key));

        var reserved = Guid.CreateVersion7();
        await project.ReserveAsync([new Reservation(reserved, 300)]);
        await DeactivateAllAsync();

        Assert.Equal(new QuotaUsage(Roomy, 1200, 1, 300, 1), await project.GetQuotaAsync());
        await project.ReleaseAsync(reserved);
        Assert.Equal(new QuotaUsage(Roomy, 1200, 1, 0, 0), await project.GetQuotaAsync());
    }

    [Fact]
    public async Task Thirty_concurrent_reservations_against_an_in_flight_limit_of_seven_grant_exactly_seven()
    {
        var (key, project) = await NewProjectAsync(ProjectLimits.Default with { MaxInFlight = 7 });

        var results = await Task.WhenAll(Enumerable.Range(0, 30)
            .Select(_ => project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)])));

        Assert.Equal(7, results.Count(result => result.Granted));
        Assert.All(results.Where(result => !result.Granted), result => Assert.Equal("quota_in_flight_exceeded", result.RefusalCode));
        Assert.Equal(new LedgerRows(0, 0, 7, 70), await LedgerAsync(key));
    }

    [Fact]
    public async Task The_stored_project_state_does_not_grow_with_the_uploads_in_flight()
    {
        var (key, project) = await NewProjectAsync(Roomy);
        var before = await StateRowAsync(key);

        var results = await Task.WhenAll(Enumerable.Range(0, 250).Select(_ => project.ReserveAsync(
            [new Reservation(Guid.CreateVersion7(), 1), new Reservation(Guid.CreateVersion7(), 1)])));

        Assert.All(results, result => Assert.True(result.Granted));
        Assert.Equal(new LedgerRows(0, 0, 500, 500), await LedgerAsync(key));
        Assert.Equal(before, await StateRowAsync(key));
    }

    [Fact]
    public async Task A_state_that_kept_its_quota_inside_moves_it_into_the_ledger_on_activation()
    {
        var key = ProjectKey.Of("acme", $"p-{Guid.NewGuid():N}"[..24]);
        var project = Grains.GetGrain<IProjectGrain>(key);
        var reservedAt = DateTimeOffset.UtcNow;
        var legacy = new ProjectState
        {
            Name = "Written by the old grain",
            Limits = Roomy,
            CreatedAt = reservedAt,
            UsedBytes = 5000,
            UsedFiles = 3,
            Reservations = { [Guid.CreateVersion7()] = new ReservedUpload(100, reservedAt), [Guid.CreateVersion7()] = new ReservedUpload(200, reservedAt) },
        };
        var storage = hosts.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Projects);
        await storage.WriteStateAsync("project", project.GetGrainId(), new GrainState<ProjectState>(legacy));

        Assert.Equal(new QuotaUsage(Roomy, 5000, 3, 300, 2), await project.GetQuotaAsync());
        Assert.Equal(new LedgerRows(5000, 3, 2, 300), await LedgerAsync(key));

        var stored = new GrainState<ProjectState>();
        await storage.ReadStateAsync("project", project.GetGrainId(), stored);
        Assert.NotNull(stored.State);
        Assert.Empty(stored.State.Reservations);
        Assert.Equal((0, 0), (stored.State.UsedBytes, stored.State.UsedFiles));
        Assert.Equal("Written by the old grain", stored.State.Name);

        await DeactivateAllAsync();
        Assert.Equal(new QuotaUsage(Roomy, 5000, 3, 300, 2), await project.GetQuotaAsync());
    }

    private async Task<(string Key, IProjectGrain Project)> NewProjectAsync(ProjectLimits limits)
    {
        var key = ProjectKey.Of("acme", $"p-{Guid.NewGuid():N}"[..24]);
        var project = Grains.GetGrain<IProjectGrain>(key);
        Assert.True((await project.CreateAsync("Ledger test", limits)).Succeeded);
        return (key, project);
    }

    private Task DeactivateAllAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private static async Task<LedgerRows> LedgerAsync(string key)
    {
        var (tenantId, projectId) = ProjectKey.Parse(key);
        await using var dataSource = NpgsqlDataSource.Create(LocalStack.PostgresConnectionString);
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce((SELECT used_bytes FROM project_quota WHERE tenant_id = $1 AND project_id = $2), 0),
                   coalesce((SELECT used_files FROM project_quota WHERE tenant_id = $1 AND project_id = $2), 0),
                   (SELECT count(*)::integer FROM project_reservations WHERE tenant_id = $1 AND project_id = $2),
                   (SELECT coalesce(sum(bytes), 0)::bigint FROM project_reservations WHERE tenant_id = $1 AND project_id = $2)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = projectId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new LedgerRows(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3));
    }

    /// <summary>The project's grain-state row: its size and its version (one more for every write).</summary>
    private static async Task<(int Bytes, int Version)> StateRowAsync(string key)
    {
        await using var dataSource = NpgsqlDataSource.Create(LocalStack.PostgresConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT octet_length(payloadbinary), version FROM orleansstorage WHERE graintypestring = 'project' AND grainidextensionstring = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = (reader.GetInt32(0), reader.GetInt32(1));
        Assert.False(await reader.ReadAsync());
        return row;
    }

    private sealed record LedgerRows(long UsedBytes, int UsedFiles, int Reservations, long ReservedBytes);
}
