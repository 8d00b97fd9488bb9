using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Projects;

/// <summary>The project's single activation makes its limits hold under any number of concurrent initiates.</summary>
[Collection(ServiceHostsCollection.Name)]
public class QuotaTests(ServiceHostsFixture hosts)
{
    [Fact]
    public async Task Concurrent_initiates_at_a_nearly_full_project_never_exceed_its_limit_and_the_counters_return_to_the_truth()
    {
        const int fileSize = 1000;
        const int room = 10;
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice",
            new { maxTotalBytes = room * fileSize, maxInFlight = 1000 });
        using var alice = hosts.CreateClient("alice", "acme");

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            ApiCalls.InitiateAsync(alice, projectId, ApiCalls.File($"photo-{i}.jpg", "image/jpeg", fileSize))));

        var accepted = responses.Where(response => response.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(room, accepted.Count);
        foreach (var refused in responses.Where(response => response.StatusCode != HttpStatusCode.OK))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "quota_bytes_exceeded");
        }

        await AssertUsageAsync(alice, projectId, reservedBytes: room * fileSize, inFlight: room);

        foreach (var response in accepted)
        {
            var uploadId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
                .GetProperty("uploads")[0].GetProperty("uploadId").GetGuid();
            var aborted = await alice.PostAsync($"api/uploads/{uploadId}/abort", null);
            Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        }

        await AssertUsageAsync(alice, projectId, reservedBytes: 0, inFlight: 0);
        var again = await ApiCalls.InitiateAsync(alice, projectId, ApiCalls.File("after.jpg", "image/jpeg", room * fileSize));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_reserves_nothing_even_for_its_files_that_would()
    {
        var projectId = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice", new { maxTotalBytes = 1500 });
        using var alice = hosts.CreateClient("alice", "acme");

        var response = await ApiCalls.InitiateAsync(alice, projectId,
            ApiCalls.File("a.jpg", "image/jpeg", 1000), ApiCalls.File("b.jpg", "image/jpeg", 1000));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "quota_bytes_exceeded");
        await AssertUsageAsync(alice, projectId, reservedBytes: 0, inFlight: 0);
    }

    [Fact]
    public async Task The_file_count_and_in_flight_limits_hold_too()
    {
        var filesProject = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice", new { maxFiles = 2 });
        var flightProject = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "alice", new { maxInFlight = 1 });
        using var alice = hosts.CreateClient("alice", "acme");

        var tooManyFiles = await ApiCalls.InitiateAsync(alice, filesProject,
            ApiCalls.File("a.jpg", "image/jpeg", 1), ApiCalls.File("b.jpg", "image/jpeg", 1), ApiCalls.File("c.jpg", "image/jpeg", 1));
        await ApiCalls.InitiateAcceptedAsync(alice, flightProject, ApiCalls.File("a.jpg", "image/jpeg", 1));
        var secondInFlight = await ApiCalls.InitiateAsync(alice, flightProject, ApiCalls.File("b.jpg", "image/jpeg", 1));

        await ProblemAssert.IsProblemAsync(tooManyFiles, HttpStatusCode.Conflict, "quota_files_exceeded");
        await ProblemAssert.IsProblemAsync(secondInFlight, HttpStatusCode.Conflict, "quota_in_flight_exceeded");
    }

    private static async Task AssertUsageAsync(HttpClient client, string projectId, long reservedBytes, int inFlight)
    {
        var usage = (await ApiCalls.GetJsonAsync(client, $"api/projects/{projectId}/quota")).GetProperty("usage");
        Assert.Equal(reservedBytes, usage.GetProperty("reservedBytes").GetInt64());
        Assert.Equal(inFlight, usage.GetProperty("inFlight").GetInt32());
        Assert.Equal(0, usage.GetProperty("usedBytes").GetInt64());
        Assert.Equal(0, usage.GetProperty("usedFiles").GetInt32());
    }
}
