using System.Text.RegularExpressions;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using BuildPeer.Grains.Uploads.Catalog;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Catalog;

/// <summary>
/// The catalog grain against the real <c>uploads</c> table: order, keyset pages under concurrent inserts, the
/// status filter, tenant and project isolation, and the plan PostgreSQL picks for each form of the query.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class UploadCatalogGrainTests(ServiceHostsFixture hosts, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    private readonly IUploadCatalogGrain _catalog = hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IUploadCatalogGrain>(0);
    private readonly string _tenant = $"catalog-{Guid.NewGuid():N}";
    private readonly string _otherTenant = $"catalog-{Guid.NewGuid():N}";
    private readonly string _project = "tower-7";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CatalogRows.DeleteTenantAsync(_tenant);
        await CatalogRows.DeleteTenantAsync(_otherTenant);
    }

    [Fact]
    public async Task Uploads_come_newest_first_with_every_field_as_stored()
    {
        var t = CatalogRows.BaseTime;
        var pending = CatalogRows.Item(t, UploadStatus.Pending, "plan A.pdf") with { ContentType = "application/pdf", Size = 2048 };
        var uploaded = CatalogRows.Item(t + Microsecond, UploadStatus.Uploaded) with { UploadedAt = t + TimeSpan.FromSeconds(3) + Microsecond };
        var quarantined = CatalogRows.Item(t + TimeSpan.FromMinutes(2), UploadStatus.Quarantined) with
        {
            UploadedAt = t + TimeSpan.FromMinutes(3),
            ProcessedAt = t + TimeSpan.FromMinutes(4) + (7 * Microsecond),
            Error = "Eicar-Signature found",
        };
        await CatalogRows.InsertAsync(_tenant, _project, [pending, uploaded, quarantined]);

        var page = await _catalog.ListAsync(Query(limit: 50));

        Assert.Equal([quarantined, uploaded, pending], page.Items);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(200)]
    public async Task Walking_every_page_returns_each_upload_once_in_order_even_when_many_share_a_created_at(int limit)
    {
        var t = CatalogRows.BaseTime;
        // 9 uploads in the same microsecond, 5 in the next, and 9 spread out: 23 in all.
        var items = Enumerable.Range(0, 9).Select(_ => CatalogRows.Item(t))
            .Concat(Enumerable.Range(0, 5).Select(_ => CatalogRows.Item(t + Microsecond)))
            .Concat(Enumerable.Range(1, 9).Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i * 7))))
            .ToList();
        await CatalogRows.InsertAsync(_tenant, _project, items);

        var pages = await WalkAsync(Query(limit));

        Assert.Equal(CatalogRows.InListingOrder(items), pages.SelectMany(page => page.Items));
        Assert.Equal((items.Count + limit - 1) / limit, pages.Count);
        Assert.All(pages[..^1], page => Assert.Equal(limit, page.Items.Count));
        Assert.All(pages[..^1], page => Assert.Equal(new UploadCursor(page.Items[^1].CreatedAt, page.Items[^1].UploadId), page.Next));
        Assert.Null(pages[^1].Next);
    }

    [Fact]
    public async Task Uploads_arriving_while_a_client_pages_do_not_shift_its_later_pages()
    {
        var t = CatalogRows.BaseTime;
        var items = Enumerable.Range(0, 6).Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i)))
            .Concat(Enumerable.Range(0, 4).Select(_ => CatalogRows.Item(t + TimeSpan.FromSeconds(3))))
            .ToList();
        await CatalogRows.InsertAsync(_tenant, _project, items);
        var expected = CatalogRows.InListingOrder(items);

        var first = await _catalog.ListAsync(Query(limit: 3));
        // New uploads land while the client reads page 1: newer ones, and one at the very instant of the newest.
        var arrivals = Enumerable.Range(1, 5).Select(i => CatalogRows.Item(t + TimeSpan.FromHours(i)))
            .Append(CatalogRows.Item(expected[0].CreatedAt))
            .ToList();
        await CatalogRows.InsertAsync(_tenant, _project, arrivals);
        var rest = await WalkAsync(Query(limit: 3) with { After = first.Next });

        Assert.Equal(expected[..3], first.Items);
        Assert.Equal(expected[3..], rest.SelectMany(page => page.Items));
        Assert.Equal([3, 3, 1], rest.Select(page => page.Items.Count));
        var fresh = (await WalkAsync(Query(limit: 4))).SelectMany(page => page.Items).ToList();
        Assert.Equal(CatalogRows.InListingOrder(items.Concat(arrivals)), fresh);
    }

    [Fact]
    public async Task An_upload_recorded_late_behind_the_cursor_is_still_reached_not_skipped()
    {
        var t = CatalogRows.BaseTime;
        var items = Enumerable.Range(0, 6).Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i))).ToList();
        await CatalogRows.InsertAsync(_tenant, _project, items);

        var first = await _catalog.ListAsync(Query(limit: 2));
        var late = CatalogRows.Item(t - TimeSpan.FromSeconds(1));
        await CatalogRows.InsertAsync(_tenant, _project, [late]);
        var rest = (await WalkAsync(Query(limit: 2) with { After = first.Next })).SelectMany(page => page.Items).ToList();

        Assert.Equal(CatalogRows.InListingOrder(items)[2..].Append(late), rest);
    }

    [Fact]
    public async Task The_status_filter_lists_only_that_status_page_by_page()
    {
        var t = CatalogRows.BaseTime;
        var statuses = new[] { UploadStatus.Pending, UploadStatus.Failed, UploadStatus.Uploaded, UploadStatus.Completed };
        var items = Enumerable.Range(0, 20)
            .Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i / 3), statuses[i % statuses.Length]))
            .ToList();
        await CatalogRows.InsertAsync(_tenant, _project, items);

        var failed = await WalkAsync(Query(limit: 2) with { Status = UploadStatus.Failed });
        var quarantined = await _catalog.ListAsync(Query(limit: 2) with { Status = UploadStatus.Quarantined });

        Assert.Equal(CatalogRows.InListingOrder(items.Where(item => item.Status == UploadStatus.Failed)), failed.SelectMany(page => page.Items));
        Assert.Equal(3, failed.Count);
        Assert.Empty(quarantined.Items);
        Assert.Null(quarantined.Next);
    }

    [Fact]
    public async Task Another_tenants_or_projects_uploads_never_appear()
    {
        var t = CatalogRows.BaseTime;
        var ours = Enumerable.Range(0, 5).Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i), UploadStatus.Uploaded)).ToList();
        await CatalogRows.InsertAsync(_tenant, _project, ours);
        // Newer, older and interleaved uploads with the same status: same project id in another tenant, another
        // project in this tenant, and a project whose id extends ours.
        foreach (var (tenant, project) in new[] { (_otherTenant, _project), (_tenant, "tower-8"), (_tenant, _project + "-b") })
        {
            await CatalogRows.InsertAsync(tenant, project, Enumerable.Range(-2, 10)
                .Select(i => CatalogRows.Item(t + TimeSpan.FromSeconds(i) + Microsecond, UploadStatus.Uploaded)));
        }

        var all = (await WalkAsync(Query(limit: 2))).SelectMany(page => page.Items);
        var uploaded = (await WalkAsync(Query(limit: 2) with { Status = UploadStatus.Uploaded })).SelectMany(page => page.Items);
        var theirs = await _catalog.ListAsync(new UploadListQuery(_otherTenant, "tower-7-b", null, 50, null));

        Assert.Equal(CatalogRows.InListingOrder(ours), all);
        Assert.Equal(CatalogRows.InListingOrder(ours), uploaded);
        Assert.Empty(theirs.Items);
    }

    [Fact]
    public async Task A_query_no_client_could_have_sent_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _catalog.ListAsync(Query(limit: 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _catalog.ListAsync(Query(limit: UploadListQuery.MaxLimit + 1)));
    }

    public static TheoryData<UploadStatus?, bool> Forms => new()
    {
        { null, false },
        { null, true },
        { UploadStatus.Failed, false },
        { UploadStatus.Failed, true },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Each_form_of_the_query_reads_its_page_off_the_status_index_without_a_sort(UploadStatus? status, bool afterCursor)
    {
        var query = new UploadListQuery(_tenant, _project, status, 50,
            afterCursor ? new UploadCursor(CatalogRows.BaseTime, Guid.CreateVersion7()) : null);

        var plan = await ExplainAsync(query);

        output.WriteLine(plan);
        var reads = Regex.Count(plan, "Index Scan using uploads_tenant_project_status_created_id on uploads");
        Assert.Equal(status is null ? Enum.GetValues<UploadStatus>().Length : 1, reads);
        if (status is null)
        {
            Assert.Contains("Merge Append", plan, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"Sort\s+\(cost", plan); // a sort node; the merge's own "Sort Key" is not one
        Assert.DoesNotContain("Filter:", plan, StringComparison.Ordinal);
        if (afterCursor)
        {
            Assert.Matches(@"Index Cond: .*\(ROW\(created_at, id\) < ROW\(", plan);
        }
    }

    [Fact]
    public async Task Only_the_status_index_serves_the_listing()
    {
        await using var connection = new NpgsqlConnection(LocalStack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'uploads' ORDER BY indexname", connection);
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.DoesNotContain("uploads_tenant_project_created_id", indexes);
        Assert.Contains("uploads_tenant_project_status_created_id", indexes);
        Assert.DoesNotContain("uploads_tenant_project_created", indexes);
    }

    private UploadListQuery Query(int limit) => new(_tenant, _project, null, limit, null);

    /// <summary>Every page from <paramref name="query"/> on, following each page's next position to the end.</summary>
    private async Task<List<UploadPage>> WalkAsync(UploadListQuery query)
    {
        var pages = new List<UploadPage>();
        while (true)
        {
            var page = await _catalog.ListAsync(query);
            pages.Add(page);
            if (page.Next is null)
            {
                return pages;
            }

            Assert.True(pages.Count < 1000, "The walk does not end.");
            query = query with { After = page.Next };
        }
    }

    /// <summary>
    /// The plan of the grain's own SQL text and parameters. Fresh statistics matter: on a new database the table was
    /// never analysed, and without them the planner cannot tell the status index from the plain one (their
    /// estimated costs tie).
    /// </summary>
    private static Task<string> ExplainAsync(UploadListQuery query)
    {
        var (sql, parameters) = UploadCatalogSql.Build(query);
        return QueryPlans.ExplainAsync("uploads", sql, parameters);
    }
}
