using BuildPeer.Deploy.Tests.Monitoring;
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

        var gateway = await MetricsScrape.ReadAsync(Hosts.GatewayAddress);
        AssertSeries(gateway, "buildpeer_uploads_initiate_duration_seconds_bucket", "outcome=\"accepted\"");
        AssertSeries(gateway, "buildpeer_uploads_initiate_requests_total", "outcome=\"files_rejected\"");
        AssertSeries(gateway, "buildpeer_uploads_files_rejected_total", "code=\"");
        AssertSeries(gateway, "http_server_request_duration_seconds_bucket");

        var silo = await MetricsScrape.ReadAsync(Hosts.SiloAddress);
        AssertSeries(silo, "buildpeer_intake_queue_lag_seconds_bucket");
        AssertSeries(silo, "buildpeer_processing_step_duration_seconds_bucket", "step=\"thumbnails\"", "kind=\"jpeg\"");
        AssertSeries(silo, "buildpeer_processing_attempt_duration_seconds_bucket", "outcome=\"completed\"");
        AssertSeries(silo, "buildpeer_uploads_terminal_total", "status=\"COMPLETED\"");
        Assert.Contains("\norleans_", silo, StringComparison.Ordinal);
    }

    /// <summary>The names tests/Deploy.Tests derives from the instruments (alerts and dashboard use them) are the scrape's.</summary>
    [Fact]
    public async Task Every_instrument_in_a_real_scrape_has_exactly_the_derived_names_and_the_runtime_series_exist()
    {
        await ProcessedUploads.UploadAndAwaitAsync(Alice, Project, "site.jpg", "image/jpeg", GeneratedImages.Jpeg(320, 240));
        // The health gauge has series once the background checks first ran (5 s after a host starts), which a
        // test early in the run can beat.
        var scraped = await Eventually.MatchesAsync(ScrapeBothAsync, names => names.Contains("buildpeer_health_status"),
            TimeSpan.FromSeconds(30), "the first background health run's gauge");

        var seen = 0;
        foreach (var instrument in ServiceInstruments.All)
        {
            var stem = instrument.Name.Replace('.', '_');
            var exported = scraped.Where(name => name == stem || name.StartsWith(stem + "_", StringComparison.Ordinal)).ToHashSet();
            if (exported.Count > 0)
            {
                seen++;
                Assert.Equal(PrometheusNames.Of(instrument).Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
            }
        }

        // Initiate, queue lag, steps, attempts, terminal states, intake messages, queue depth and health at least.
        Assert.True(seen >= 8, $"only {seen} of the service's instruments were in the scrape");
        Assert.Contains("buildpeer_health_status", scraped);
        Assert.Contains("buildpeer_intake_queue_messages", scraped);
        Assert.All(ServiceInstruments.LibraryMetrics, name => Assert.Contains(name, scraped));
    }

    private async Task<HashSet<string>> ScrapeBothAsync() =>
        MetricsScrape.SeriesNames(await MetricsScrape.ReadAsync(Hosts.SiloAddress))
            .Union(MetricsScrape.SeriesNames(await MetricsScrape.ReadAsync(Hosts.GatewayAddress))).ToHashSet(StringComparer.Ordinal);

    /// <summary>A series of <paramref name="metric"/> with every given label, whatever the labels' order.</summary>
    private static void AssertSeries(string scrape, string metric, params string[] labels) =>
        Assert.True(scrape.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal)
                && labels.All(label => line.Contains(label, StringComparison.Ordinal))),
            $"No {metric} series with {string.Join(", ", labels)} in:\n{string.Join('\n', scrape.Split('\n').Where(line => line.StartsWith("buildpeer", StringComparison.Ordinal)).Take(40))}");
}
