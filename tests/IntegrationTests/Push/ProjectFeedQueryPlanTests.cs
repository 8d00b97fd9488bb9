using BuildPeer.Grains.Uploads.Feed;
using BuildPeer.IntegrationTests.OrleansSchema;
using BuildPeer.IntegrationTests.Stack;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// A project stream's start reads both halves off indexes, the finished uploads off the partial index that only
/// finished uploads enter (so initiates and processing steps never write to it).
/// </summary>
public sealed class ProjectFeedQueryPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => TestDatabase.EnsureMigratedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_start_of_a_stream_reads_finished_uploads_off_their_partial_index_and_nothing_by_a_scan()
    {
        var plan = await QueryPlans.ExplainAsync("uploads", ProjectFeedSql.Text,
            ProjectFeedSql.Parameters("acme", "tower-7", DateTimeOffset.UtcNow.AddMinutes(-5), 200));

        // Which index serves the half in flight is the planner's to choose by the table's contents (on an empty
        // one, the small partial index of unfinished uploads); the finished half has exactly one that fits.
        output.WriteLine(plan);
        Assert.Contains("using uploads_finished_tenant_project_updated on uploads", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_finished_uploads_enter_the_recent_changes_index()
    {
        var predicates = await TestDatabase.QueryAsync(
            "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'uploads_finished_tenant_project_updated'::regclass",
            reader => reader.GetString(0));

        var predicate = Assert.Single(predicates);
        foreach (var status in new[] { "COMPLETED", "FAILED", "QUARANTINED", "EXPIRED", "ABORTED" })
        {
            Assert.Contains($"'{status}'", predicate, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("PENDING", predicate, StringComparison.Ordinal);
        Assert.Empty(await TestDatabase.QueryAsync(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'uploads_tenant_project_updated'", reader => reader.GetInt32(0)));
    }
}
