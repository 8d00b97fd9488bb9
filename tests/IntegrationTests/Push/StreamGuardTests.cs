using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using BuildPeer.IntegrationTests.Stack;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// Event streams open at once, end when their caller loses access, and are capped per user.
/// </summary>
[Collection(StreamGuardHostsCollection.Name)]
public class StreamGuardTests(StreamGuardHostsFixture hosts, ITestOutputHelper output)
{
    private static readonly TimeSpan Closing = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stream_of_a_project_without_uploads_sends_its_headers_at_once()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        using var rita = hosts.CreateClient("rita", "acme");
        // Warm: the project's grains are active and the code paths jitted, so the measure is the stream's own.
        await (await EventStreamReader.OpenAsync(rita, $"api/projects/{project}/events")).DisposeAsync();

        var clock = Stopwatch.StartNew();
        await using var stream = await EventStreamReader.OpenAsync(rita, $"api/projects/{project}/events");
        var headers = clock.Elapsed;

        output.WriteLine($"headers after {headers.TotalMilliseconds:F0} ms");
        // Before, they came with the first keep-alive, 15 s later.
        Assert.True(headers < TimeSpan.FromSeconds(2), $"headers after {headers.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_member_removed_mid_stream_has_the_project_stream_closed_within_the_check_period()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        using var rita = hosts.CreateClient("rita", "acme");
        await using var stream = await EventStreamReader.OpenAsync(rita, $"api/projects/{project}/events");
        await Task.Delay(1500);
        Assert.False(stream.Ended.IsCompleted, "the stream ended while its caller was still a member");

        using var admin = hosts.CreateAdminClient("acme");
        var clock = Stopwatch.StartNew();
        (await admin.DeleteAsync($"api/projects/{project}/members/rita")).EnsureSuccessStatusCode();

        await WaitForEndAsync(stream);
        output.WriteLine($"closed {clock.Elapsed.TotalMilliseconds:F0} ms after the removal");
        await ProblemAssert.IsProblemAsync(await rita.GetAsync($"api/projects/{project}/events"), HttpStatusCode.NotFound, "project_not_found");
    }

    [Fact]
    public async Task A_member_removed_mid_stream_has_an_upload_stream_closed_too()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        using var rita = hosts.CreateClient("rita", "acme");
        var upload = (await ApiCalls.InitiateAcceptedAsync(rita, project, ApiCalls.File("site.jpg", "image/jpeg", 10)))[0];
        await using var stream = await EventStreamReader.OpenAsync(rita, $"api/uploads/{upload.GetProperty("uploadId").GetGuid()}/events");
        Assert.Equal("PENDING", (await stream.NextAsync(Closing)).Status);

        using var admin = hosts.CreateAdminClient("acme");
        (await admin.DeleteAsync($"api/projects/{project}/members/rita")).EnsureSuccessStatusCode();

        await WaitForEndAsync(stream);
    }

    [Fact]
    public async Task A_stream_ends_when_the_token_it_was_opened_with_expires()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "rita");
        using var rita = hosts.CreateAnonymousClient();
        rita.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            hosts.Tokens.Issue("rita", ["acme"], "uploader", TimeSpan.FromSeconds(3)));
        rita.DefaultRequestHeaders.Add(Gateway.Auth.TenantMembershipRequirement.HeaderName, "acme");

        await using var stream = await EventStreamReader.OpenAsync(rita, $"api/projects/{project}/events");

        // Still a member: only the token's end (exp, to the second) can close it.
        await WaitForEndAsync(stream);
    }

    [Fact]
    public async Task Past_the_cap_a_user_gets_429_too_many_streams_with_Retry_After_until_a_stream_closes()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", "ursula");
        using var ursula = hosts.CreateClient("ursula", "acme");
        var path = $"api/projects/{project}/events";
        var open = new List<EventStreamReader>();
        try
        {
            for (var i = 0; i < StreamGuardHostsFixture.MaxStreamsPerUser; i++)
            {
                open.Add(await EventStreamReader.OpenAsync(ursula, path));
            }

            using var refused = await GetStreamAsync(ursula, path);
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "too_many_streams");
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");

            // Someone else is not affected.
            using var other = hosts.CreateAdminClient("acme");
            await using (await EventStreamReader.OpenAsync(other, path))
            {
            }

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.MatchesAsync(async () =>
            {
                using var again = await GetStreamAsync(ursula, path);
                return again.StatusCode;
            }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "a slot to free up once a stream closed");
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task<HttpResponseMessage> GetStreamAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task WaitForEndAsync(EventStreamReader stream)
    {
        try
        {
            await stream.Ended.WaitAsync(Closing);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The stream was still open {Closing.TotalSeconds} s after access was withdrawn (check period 1 s).");
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // Ended by the server, as a reset rather than a clean end: also closed.
        }
    }
}
