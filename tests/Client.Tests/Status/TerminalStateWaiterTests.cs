using System.Net;
using System.Text;
using BuildPeer.Client.Gateway;
using BuildPeer.Client.Retries;
using BuildPeer.Client.Status;

namespace BuildPeer.Client.Tests.Status;

/// <summary>The push side of waiting, on canned gateway answers (the real event stream is tested against the hosts).</summary>
public class TerminalStateWaiterTests
{
    private static readonly Guid UploadId = Guid.Parse("01a22919-ef8e-72bf-be57-3565fe188ce1");

    [Fact]
    public async Task The_first_terminal_status_on_the_stream_ends_the_wait_and_older_versions_are_ignored()
    {
        var stream = string.Concat(
            Event(version: 3, "PROCESSING"),
            ": keep-alive\n\n",
            Event(version: 2, "FAILED"),
            Event(version: 4, "COMPLETED"),
            Event(version: 5, "FAILED"));
        var gateway = new CannedGateway(_ => EventStream(stream));

        var status = await Waiter(gateway).WaitForPushAsync(UploadId, CancellationToken.None);

        Assert.NotNull(status);
        Assert.Equal(UploadState.Completed, status.State);
        Assert.Equal(["/api/uploads/" + UploadId + "/events"], gateway.Paths);
    }

    [Fact]
    public async Task A_stream_that_closes_before_the_end_is_opened_again()
    {
        var answers = new Queue<string>([Event(version: 1, "PENDING"), Event(version: 1, "PENDING") + Event(version: 2, "QUARANTINED")]);
        var gateway = new CannedGateway(_ => EventStream(answers.Dequeue()));

        var status = await Waiter(gateway).WaitForPushAsync(UploadId, CancellationToken.None);

        Assert.Equal(UploadState.Quarantined, status?.State);
        Assert.Equal(2, gateway.Paths.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "application/problem+json")]
    [InlineData(HttpStatusCode.OK, "application/json")]
    public async Task A_gateway_without_an_event_stream_means_polling(HttpStatusCode status, string mediaType)
    {
        var gateway = new CannedGateway(_ => new HttpResponseMessage(status) { Content = new StringContent("{}", Encoding.UTF8, mediaType) });

        Assert.Null(await Waiter(gateway).WaitForPushAsync(UploadId, CancellationToken.None));
    }

    [Fact]
    public async Task Polling_takes_over_when_push_is_not_there()
    {
        var polls = 0;
        var gateway = new CannedGateway(request => request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : Json($$"""{"uploadId":"{{UploadId}}","status":"{{(++polls < 3 ? "PROCESSING" : "COMPLETED")}}","progress":75}"""));

        var status = await Waiter(gateway).WaitAsync(UploadId, CancellationToken.None);

        Assert.Equal(UploadState.Completed, status.State);
        Assert.Equal(3, polls);
    }

    private static string Event(long version, string status) =>
        $$"""
        event: status
        id: {{UploadId}}:{{version}}
        data: {"uploadId":"{{UploadId}}","projectId":"tower-7","fileName":"plan.pdf","status":"{{status}}","progress":75,"version":{{version}},"occurredAt":"2026-03-01T08:15:00Z"}


        """;

    private static HttpResponseMessage EventStream(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static TerminalStateWaiter Waiter(CannedGateway gateway)
    {
        var options = new BuildPeerClientOptions
        {
            GatewayUrl = new Uri("https://uploads.example.com"),
            TenantId = "acme",
            AccessTokenProvider = BuildPeerClientOptions.StaticToken("token"),
            StatusPollInterval = TimeSpan.FromMilliseconds(1),
        };
        var retry = new RetryPolicy(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));
        return new TerminalStateWaiter(new GatewayApi(new HttpClient(gateway), options, retry), options, retry);
    }

    private sealed class CannedGateway(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("Bearer token", request.Headers.Authorization?.ToString());
            Assert.Equal(["acme"], request.Headers.GetValues(GatewayApi.TenantHeader));
            Paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(answer(request));
        }
    }
}
