using System.Net;
using System.Text.Json;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Catalog;

/// <summary><c>GET /api/projects/{projectId}/uploads</c> through the real gateway, with real tokens and projects.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class ProjectUploadsApiTests(ServiceHostsFixture hosts) : IAsyncLifetime
{
    private readonly string _tenant = $"catalog-{Guid.NewGuid():N}";
    private readonly string _otherTenant = $"catalog-{Guid.NewGuid():N}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await CatalogRows.DeleteTenantAsync(_tenant);
        await CatalogRows.DeleteTenantAsync(_otherTenant);
    }

    [Fact]
    public async Task A_viewer_sees_the_uploads_members_initiated_newest_first_in_the_documented_shape()
    {
        var projectId = await TestProjects.CreateAsync(hosts, _tenant,
            new Dictionary<string, string> { ["uli"] = "UPLOADER", ["vic"] = "VIEWER" });
        using var uploader = hosts.CreateClient("uli", _tenant);
        using var viewer = hosts.CreateClient("vic", _tenant);
        var first = (await ApiCalls.InitiateAcceptedAsync(uploader, projectId, ApiCalls.File("plan A.pdf", "application/pdf", 2048)))[0];
        var second = (await ApiCalls.InitiateAcceptedAsync(uploader, projectId, ApiCalls.File("site.jpg", "image/jpeg", 1000)))[0];

        var body = await ApiCalls.GetJsonAsync(viewer, $"api/projects/{projectId}/uploads");

        Assert.Equal(["uploads", "nextCursor"], body.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextCursor").ValueKind);
        var uploads = body.GetProperty("uploads").EnumerateArray().ToList();
        Assert.Equal([second.GetProperty("uploadId").GetGuid(), first.GetProperty("uploadId").GetGuid()],
            uploads.Select(upload => upload.GetProperty("uploadId").GetGuid()));
        var newest = uploads[0];
        Assert.Equal(
            ["uploadId", "filename", "contentType", "size", "status", "createdAt", "uploadedAt", "processedAt", "error"],
            newest.EnumerateObject().Select(property => property.Name));
        Assert.Equal("site.jpg", newest.GetProperty("filename").GetString());
        Assert.Equal("image/jpeg", newest.GetProperty("contentType").GetString());
        Assert.Equal(1000, newest.GetProperty("size").GetInt64());
        Assert.Equal("PENDING", newest.GetProperty("status").GetString());
        Assert.InRange(DateTimeOffset.UtcNow - newest.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("uploadedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("processedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Following_nextCursor_walks_every_upload_once_with_the_filter_applied()
    {
        var projectId = await TestProjects.CreateAsync(hosts, _tenant, new Dictionary<string, string> { ["vic"] = "VIEWER" });
        using var viewer = hosts.CreateClient("vic", _tenant);
        var t = CatalogRows.BaseTime;
        var items = Enumerable.Range(0, 11)
            .Select(i => CatalogRows.Item(t + TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond * (i / 4)), i % 3 == 0 ? UploadStatus.Failed : UploadStatus.Completed))
            .ToList();
        await CatalogRows.InsertAsync(_tenant, projectId, items);

        var all = await WalkAsync(viewer, $"api/projects/{projectId}/uploads?limit=3");
        var failed = await WalkAsync(viewer, $"api/projects/{projectId}/uploads?status=failed&limit=2");

        Assert.Equal(CatalogRows.InListingOrder(items).Select(item => item.UploadId), all);
        Assert.Equal(CatalogRows.InListingOrder(items.Where(item => item.Status == UploadStatus.Failed)).Select(item => item.UploadId), failed);
    }

    [Fact]
    public async Task A_tenant_admin_lists_any_project_of_the_tenant()
    {
        var projectId = await TestProjects.CreateAsync(hosts, _tenant, new Dictionary<string, string>());
        var item = CatalogRows.Item(CatalogRows.BaseTime);
        await CatalogRows.InsertAsync(_tenant, projectId, [item]);
        using var admin = hosts.CreateAdminClient(_tenant);

        var body = await ApiCalls.GetJsonAsync(admin, $"api/projects/{projectId}/uploads");

        Assert.Equal(item.UploadId, Assert.Single(body.GetProperty("uploads").EnumerateArray()).GetProperty("uploadId").GetGuid());
    }

    [Fact]
    public async Task Someone_elses_project_is_not_found_exactly_like_one_that_does_not_exist()
    {
        var projectId = await TestProjects.CreateAsync(hosts, _tenant, new Dictionary<string, string> { ["vic"] = "VIEWER" });
        await CatalogRows.InsertAsync(_tenant, projectId, [CatalogRows.Item(CatalogRows.BaseTime)]);
        using var outsider = hosts.CreateClient("olga", _tenant);
        using var otherTenantsMember = hosts.CreateClient("vic", _otherTenant);
        using var otherTenantsAdmin = hosts.CreateAdminClient(_otherTenant);
        using var viewer = hosts.CreateClient("vic", _tenant);

        var responses = new[]
        {
            await outsider.GetAsync($"api/projects/{projectId}/uploads"),
            // Access comes first: a bad query string does not tell an outsider that the project exists.
            await outsider.GetAsync($"api/projects/{projectId}/uploads?limit=0&cursor=x"),
            await otherTenantsMember.GetAsync($"api/projects/{projectId}/uploads"),
            await otherTenantsAdmin.GetAsync($"api/projects/{projectId}/uploads"),
            await viewer.GetAsync($"api/projects/no-such-project/uploads"),
        };

        var problems = new List<string>();
        foreach (var response in responses)
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "project_not_found");
            problems.Add($"{problem.GetProperty("title").GetString()}|{(problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null)}");
        }

        Assert.Single(problems.Distinct());
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=201", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("status=DONE", "invalid_status")]
    [InlineData("status=1", "invalid_status")]
    [InlineData("cursor=garbage", "invalid_cursor")]
    [InlineData("cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "invalid_cursor")]
    public async Task A_bad_query_string_is_a_bad_request_with_a_stable_code(string queryString, string code)
    {
        var projectId = await TestProjects.CreateAsync(hosts, _tenant, new Dictionary<string, string> { ["vic"] = "VIEWER" });
        using var viewer = hosts.CreateClient("vic", _tenant);

        var response = await viewer.GetAsync($"api/projects/{projectId}/uploads?{queryString}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task A_cursor_edited_or_used_for_another_listing_is_invalid_cursor()
    {
        var members = new Dictionary<string, string> { ["vic"] = "VIEWER" };
        var projectId = await TestProjects.CreateAsync(hosts, _tenant, members);
        var otherProjectId = await TestProjects.CreateAsync(hosts, _tenant, members);
        await CatalogRows.InsertAsync(_tenant, projectId, Enumerable.Range(0, 3).Select(i => CatalogRows.Item(CatalogRows.BaseTime.AddSeconds(i))));
        using var viewer = hosts.CreateClient("vic", _tenant);
        var cursor = (await ApiCalls.GetJsonAsync(viewer, $"api/projects/{projectId}/uploads?limit=1")).GetProperty("nextCursor").GetString()!;
        var edited = cursor[..10] + (cursor[10] == 'A' ? 'B' : 'A') + cursor[11..];

        var responses = new[]
        {
            await viewer.GetAsync($"api/projects/{projectId}/uploads?limit=1&cursor={edited}"),
            await viewer.GetAsync($"api/projects/{otherProjectId}/uploads?limit=1&cursor={cursor}"),
            await viewer.GetAsync($"api/projects/{projectId}/uploads?limit=1&status=PENDING&cursor={cursor}"),
        };

        foreach (var response in responses)
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidCursor);
        }

        var next = await viewer.GetAsync($"api/projects/{projectId}/uploads?limit=1&cursor={cursor}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_listing_is_unauthorized()
    {
        using var anonymous = hosts.CreateAnonymousClient();

        var response = await anonymous.GetAsync("api/projects/tower-7/uploads");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "missing_token");
    }

    /// <summary>The upload ids of every page, following <c>nextCursor</c> until it is null.</summary>
    private static async Task<List<Guid>> WalkAsync(HttpClient client, string firstPage)
    {
        var ids = new List<Guid>();
        var path = firstPage;
        for (var pages = 1; ; pages++)
        {
            var body = await ApiCalls.GetJsonAsync(client, path);
            ids.AddRange(body.GetProperty("uploads").EnumerateArray().Select(upload => upload.GetProperty("uploadId").GetGuid()));
            if (body.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                return ids;
            }

            Assert.True(pages < 100, "The walk does not end.");
            path = $"{firstPage}&cursor={Uri.EscapeDataString(cursor)}";
        }
    }
}
