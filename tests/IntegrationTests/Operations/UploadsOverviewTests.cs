using System.Net;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>The operators' overview counts a project's uploads by status and lists the oldest unfinished ones.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class UploadsOverviewTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task The_overview_counts_a_projects_uploads_by_status_and_lists_the_oldest_unfinished()
    {
        var first = await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("a.jpg", "image/jpeg", 100));
        var second = await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("b.jpg", "image/jpeg", 100));
        await Alice.PostAsync($"api/uploads/{second[0].GetProperty("uploadId").GetGuid()}/abort", null);
        using var operatorClient = Hosts.CreateOperatorClient("acme");

        var overview = await Eventually.MatchesAsync(
            () => ApiCalls.GetJsonAsync(operatorClient, $"api/admin/uploads/overview?tenantId=acme&projectId={Project}&oldest=5"),
            body => body.GetProperty("projects").GetArrayLength() == 1
                && body.GetProperty("projects")[0].GetProperty("total").GetInt64() == 2,
            TimeSpan.FromSeconds(10), "the project's rows");

        var project = overview.GetProperty("projects")[0];
        Assert.Equal(Project, project.GetProperty("projectId").GetString());
        Assert.Equal(1, project.GetProperty("byStatus").GetProperty("PENDING").GetInt64());
        Assert.Equal(1, project.GetProperty("byStatus").GetProperty("ABORTED").GetInt64());
        var unfinished = Assert.Single(overview.GetProperty("oldestUnfinished").EnumerateArray());
        Assert.Equal(first[0].GetProperty("uploadId").GetGuid(), unfinished.GetProperty("uploadId").GetGuid());
        Assert.Equal("PENDING", unfinished.GetProperty("status").GetString());
        Assert.True(unfinished.GetProperty("ageSeconds").GetDouble() >= 0);
        Assert.Equal(LocalStack.UploadEventsQueueName, overview.GetProperty("queue").GetProperty("queue").GetString());
        Assert.True(overview.GetProperty("queue").GetProperty("visible").GetInt32() >= 0);
        Assert.True(overview.GetProperty("deadLetterQueue").GetProperty("visible").GetInt32() >= 0);
    }

    [Fact]
    public async Task Only_operators_see_the_overview()
    {
        using var admin = Hosts.CreateAdminClient("acme");

        var refused = await admin.GetAsync("api/admin/uploads/overview");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Forbidden, "not_permitted");
    }
}
