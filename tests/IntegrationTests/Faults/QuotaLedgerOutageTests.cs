using BuildPeer.Grains.Abstractions.Faults;
using BuildPeer.Grains.Abstractions.Projects;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// Reservations that share a ledger write share its failure: with PostgreSQL away every concurrent caller gets
/// dependency_unavailable, nothing stays reserved in memory or in the ledger, and the room is there afterwards.
/// Settlements that fail reach the ledger once PostgreSQL is back without anyone asking again.
/// </summary>
[Collection(FaultHostsCollection.Name)]
public sealed class QuotaLedgerOutageTests(FaultHostsFixture hosts)
{
    [Fact]
    public async Task A_failed_group_write_fails_every_caller_and_reserves_nothing()
    {
        var limits = ProjectLimits.Default with { MaxInFlight = 5 };
        var project = hosts.SiloServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IProjectGrain>(ProjectKey.Of("acme", $"p-{Guid.NewGuid():N}"[..24]));
        Assert.True((await project.CreateAsync("Outage", limits)).Succeeded);
        Assert.True((await project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)])).Granted);

        hosts.Postgres.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            var failures = await Task.WhenAll(Enumerable.Range(0, 4)
                .Select(_ => FailureOf(project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)]))));
            Assert.All(failures, failure => Assert.IsType<DependencyUnavailableException>(failure));
        }
        finally
        {
            hosts.Postgres.Switch(RelayMode.Pass);
            // The grain storage's idle connections were cut too and nothing here used them since: the next test's
            // first writes would fail on them.
            NpgsqlConnection.ClearAllPools();
        }

        Assert.Equal(1, (await project.GetQuotaAsync())!.InFlight);
        var after = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => project.ReserveAsync([new Reservation(Guid.CreateVersion7(), 10)])));
        Assert.All(after, result => Assert.True(result.Granted));
        Assert.Equal(new QuotaUsage(limits, 0, 0, 30, 3), await project.GetQuotaAsync());
    }

    [Fact]
    public async Task Settlements_that_fail_while_PostgreSQL_is_away_are_written_within_seconds_of_its_return()
    {
        var project = await NewProjectAsync();
        var (kept, released) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        Assert.True((await project.ReserveAsync([new Reservation(kept, 100), new Reservation(released, 50)])).Granted);

        hosts.Postgres.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            Assert.IsType<DependencyUnavailableException>(await FailureOf(project.CommitAsync(kept, 80)));
            Assert.IsType<DependencyUnavailableException>(await FailureOf(project.ReleaseAsync(released)));
        }
        finally
        {
            hosts.Postgres.Switch(RelayMode.Pass);
            NpgsqlConnection.ClearAllPools();
        }

        // Nobody calls the project again: it writes what failed on its own.
        await Eventually.MatchesAsync(() => LedgerOfAsync(project), ledger => ledger == (80, 1, 0), TimeSpan.FromSeconds(10),
            "the failed commit and release to reach the ledger");
        Assert.Equal(new QuotaUsage(ProjectLimits.Default, 80, 1, 0, 0), await project.GetQuotaAsync());
    }

    private async Task<IProjectGrain> NewProjectAsync()
    {
        var project = hosts.SiloServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IProjectGrain>(ProjectKey.Of("acme", $"p-{Guid.NewGuid():N}"[..24]));
        Assert.True((await project.CreateAsync("Outage", ProjectLimits.Default)).Succeeded);
        return project;
    }

    /// <summary>What the ledger tables hold for the project: used bytes and files, reservations.</summary>
    private static async Task<(long UsedBytes, int UsedFiles, long Reservations)> LedgerOfAsync(IProjectGrain project)
    {
        var (tenantId, projectId) = ProjectKey.Parse(project.GetPrimaryKeyString());
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce((SELECT used_bytes FROM project_quota WHERE tenant_id = $1 AND project_id = $2), 0),
                   coalesce((SELECT used_files FROM project_quota WHERE tenant_id = $1 AND project_id = $2), 0),
                   (SELECT count(*) FROM project_reservations WHERE tenant_id = $1 AND project_id = $2)
            """, connection)
        {
            Parameters = { new NpgsqlParameter { Value = tenantId }, new NpgsqlParameter { Value = projectId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2));
    }

    private static async Task<Exception?> FailureOf(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
