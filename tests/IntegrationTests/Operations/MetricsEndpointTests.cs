using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.IntegrationTests.Operations;

/// <summary>Both hosts serve their metrics to Prometheus at /metrics, the service's own among them.</summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class MetricsEndpointTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    [Fact]
    public async Task After_an_upload_the_scrape_shows_initiate_queue_lag_steps_and_terminal_states()
    {
        await ProcessedUploads.UploadAndAwaitAsync(Alice, Project, "site.jpg", "image/jpeg", GeneratedImages.Jpeg(320, 240));
        var rejected = await ApiCalls.InitiateAsync(Alice, Project, ApiCalls.File("run.exe", "application/octet-stream", 10));
        Assert.False(rejected.IsSuccessStatusCode);

        var gateway = await ScrapeAsync(Hosts.GatewayAddress);
        AssertSeries(gateway, "buildpeer_uploads_initiate_duration_seconds_bucket", "outcome=\"accepted\"");
        AssertSeries(gateway, "buildpeer_uploads_initiate_requests_total", "outcome=\"files_rejected\"");
        AssertSeries(gateway, "buildpeer_uploads_files_rejected_total", "code=\"");
        AssertSeries(gateway, "http_server_request_duration_seconds_bucket");

        var silo = await ScrapeAsync(Hosts.SiloAddress);
        AssertSeries(silo, "buildpeer_intake_queue_lag_seconds_bucket");
        AssertSeries(silo, "buildpeer_processing_step_duration_seconds_bucket", "step=\"thumbnails\"", "kind=\"jpeg\"");
        AssertSeries(silo, "buildpeer_processing_attempt_duration_seconds_bucket", "outcome=\"completed\"");
        AssertSeries(silo, "buildpeer_uploads_terminal_total", "status=\"COMPLETED\"");
        Assert.Contains("\norleans_", silo, StringComparison.Ordinal);
    }

    /// <summary>A series of <paramref name="metric"/> with every given label, whatever the labels' order.</summary>
    private static void AssertSeries(string scrape, string metric, params string[] labels) =>
        Assert.True(scrape.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal)
                && labels.All(label => line.Contains(label, StringComparison.Ordinal))),
            $"No {metric} series with {string.Join(", ", labels)} in:\n{string.Join('\n', scrape.Split('\n').Where(line => line.StartsWith("buildpeer", StringComparison.Ordinal)).Take(40))}");

    private static async Task<string> ScrapeAsync(Uri host)
    {
        using var client = new HttpClient { BaseAddress = host };
        using var response = await client.GetAsync("metrics");
        Assert.True(response.IsSuccessStatusCode, $"GET {host}metrics answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
