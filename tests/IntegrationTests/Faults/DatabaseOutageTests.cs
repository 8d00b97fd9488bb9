using System.Net;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// With PostgreSQL away, calls that need it answer 503 dependency_unavailable with Retry-After (never 500), and a
/// refused initiate keeps no reservation.
/// </summary>
[Collection(FaultHostsCollection.Name)]
public sealed class DatabaseOutageTests(FaultHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task Initiate_listing_and_an_upload_that_must_be_loaded_answer_503_and_nothing_is_reserved()
    {
        var resting = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("resting.png", "image/png", 1000)))[0]
            .GetProperty("uploadId").GetGuid();
        // Its grain leaves memory: reading it again needs the database.
        await hosts.SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0)
            .ForceActivationCollection(TimeSpan.Zero);

        hosts.Postgres.Switch(RelayMode.Down, cutOpenConnections: true);
        try
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                using var initiate = await ApiCalls.InitiateAsync(Alice, Project, ApiCalls.File($"refused-{attempt}.png", "image/png", 1000));
                await AssertUnavailableAsync(initiate);
            }

            using var listing = await Alice.GetAsync($"api/projects/{Project}/uploads");
            await AssertUnavailableAsync(listing);
            using var status = await Alice.GetAsync($"api/uploads/{resting}");
            await AssertUnavailableAsync(status);
        }
        finally
        {
            hosts.Postgres.Switch(RelayMode.Pass);
        }

        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("inFlight").GetInt32());
        Assert.Equal(1000, usage.GetProperty("reservedBytes").GetInt64());
        Assert.Equal("PENDING", await ApiCalls.StatusOfAsync(Alice, resting));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "dependency_unavailable");
        Assert.Equal("postgresql", problem.GetProperty("dependency").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
