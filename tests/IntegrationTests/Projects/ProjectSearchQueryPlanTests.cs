using BuildPeer.Grains.Abstractions.Projects.Listing;
using BuildPeer.Grains.Projects;
using BuildPeer.IntegrationTests.OrleansSchema;
using BuildPeer.IntegrationTests.Stack;
using Npgsql;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>
/// The project listing of a tenant of 10,000 projects reads off indexes, as the planner chooses freely with
/// statistics that count those projects: a search off the trigram index, the unsearched pages off the (name, id)
/// index in order, a member's projects off their memberships.
/// </summary>
public sealed class ProjectSearchQueryPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Member = "member-of-625";

    private readonly string tenant = $"t-plan-{Guid.NewGuid():N}"[..24];

    public Task InitializeAsync() => TestDatabase.EnsureMigratedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_listing_of_a_large_tenant_reads_off_its_index_without_a_scan()
    {
        var queries = new Dictionary<string, ProjectListQuery>
        {
            ["search"] = Query(wholeTenant: true, "04217", after: null),
            ["search, next page"] = Query(wholeTenant: true, "tower 042", new ProjectCursor("Site 04205 Tower", "p-4205")),
            ["every project, deep page"] = Query(wholeTenant: true, search: null, new ProjectCursor("Site 05000 Tower", "p-5000")),
            ["a member's projects"] = Query(wholeTenant: false, search: null, after: null),
            ["a member's search"] = Query(wholeTenant: false, "0421", after: null),
        };

        var plans = await QueryPlans.ExplainOverSeedAsync(SeedSql, "projects, project_members",
            queries.Values.Select(query => ProjectCatalogSql.Build(query)).Select(built => (built.Sql, (IEnumerable<NpgsqlParameter>)built.Parameters)));
        var byName = queries.Keys.Zip(plans).ToDictionary(pair => pair.First, pair => pair.Second);
        foreach (var (name, plan) in byName)
        {
            output.WriteLine($"-- {name}\n{plan}\n");
            // A member's few hundred projects may be joined by reading the tenant's projects whole (10,000 rows here,
            // the planner's call by their size); the memberships themselves are never read whole.
            Assert.DoesNotContain(name.StartsWith("a member", StringComparison.Ordinal) ? "Seq Scan on project_members" : "Seq Scan",
                plan, StringComparison.Ordinal);
        }

        Assert.Contains("projects_search_trgm", byName["search"], StringComparison.Ordinal);
        Assert.Contains("projects_search_trgm", byName["search, next page"], StringComparison.Ordinal);
        Assert.Contains("projects_tenant_name_id", byName["every project, deep page"], StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", byName["every project, deep page"], StringComparison.Ordinal);
        Assert.Contains("project_members_by_user", byName["a member's projects"], StringComparison.Ordinal);
    }

    private ProjectListQuery Query(bool wholeTenant, string? search, ProjectCursor? after) =>
        new(tenant, wholeTenant ? TestProjects.AdminUser : Member, wholeTenant, search, ProjectListQuery.DefaultLimit, after);

    // 10,000 projects named "Site 00001 Garage 3c59dc04…" (five kinds of site, a hash for realistic trigrams), the
    // member in every sixteenth, and three other people in each: a membership table of a tenant, not of one user.
    private string SeedSql => $"""
        INSERT INTO tenants (id) VALUES ('{tenant}');
        INSERT INTO projects (tenant_id, id, name, max_file_size_bytes, max_total_bytes, max_files, max_in_flight, created_at)
        SELECT '{tenant}', 'p-' || n,
               'Site ' || to_char(n, 'FM00000') || ' ' || (ARRAY['Tower', 'Garage', 'Bridge', 'School', 'Depot'])[1 + n % 5]
                 || ' ' || md5(n::text),
               1, 1, 1, 1, now()
        FROM generate_series(1, 10000) AS n;
        INSERT INTO project_members (tenant_id, project_id, user_id, role)
        SELECT '{tenant}', 'p-' || n, '{Member}', 'UPLOADER' FROM generate_series(1, 10000, 16) AS n;
        INSERT INTO project_members (tenant_id, project_id, user_id, role)
        SELECT '{tenant}', 'p-' || n, 'crew-' || (n * 3 + k) % 400, 'UPLOADER'
        FROM generate_series(1, 10000) AS n, generate_series(0, 2) AS k
        """;
}
