using System.Text.Json;
using BuildPeer.IntegrationTests.Operations;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// A static preview of the Grafana dashboard (there is no Grafana here): Browser/DashboardPreview lays the
/// dashboard's panels out on its grid in Chromium and fills them from real scrapes of the silo and gateway after an
/// upload; the PNG goes to artifacts/test-results/browser. See docs/operations.md, "Grafana dashboard".
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class DashboardPreviewTests(ServiceHostsFixture hosts, ChromiumFixture chromium, ITestOutputHelper output)
    : UploaderInNewProject(hosts), IClassFixture<ChromiumFixture>
{
    private static readonly string Folder = Path.Combine(LocalStack.RepositoryRoot, "tests", "IntegrationTests", "Browser", "DashboardPreview");

    [Fact]
    public async Task The_dashboard_preview_fills_its_panels_from_a_real_scrape_and_is_saved_as_a_png()
    {
        await ProcessedUploads.UploadAndAwaitAsync(Alice, Project, "site.jpg", "image/jpeg", GeneratedImages.Jpeg(320, 240));
        object[] scrapes =
        [
            new { job = "buildpeer-silo-metrics", pod = "silo", text = await MetricsScrape.ReadAsync(Hosts.SiloAddress) },
            new { job = "buildpeer-gateway", pod = "gateway", text = await MetricsScrape.ReadAsync(Hosts.GatewayAddress) },
        ];
        var dashboard = File.ReadAllText(Path.Combine(LocalStack.RepositoryRoot, "deploy", "k8s", "monitoring", "dashboards", "buildpeer-uploads.json"));
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1230, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(File.ReadAllText(Path.Combine(Folder, "preview.html")));
        await page.AddScriptTagAsync(new() { Path = Path.Combine(Folder, "preview.js") });

        var drawn = await page.EvaluateAsync<JsonElement>("([dashboard, scrapes]) => renderPreview(JSON.parse(dashboard), scrapes, 'the test silo and gateway')",
            new object[] { dashboard, scrapes });

        var panels = JsonDocument.Parse(dashboard).RootElement.GetProperty("panels").GetArrayLength();
        Assert.Equal(panels, drawn.GetProperty("panels").GetInt32());
        foreach (var title in new[] { "Uploads by status per minute", "Queue lag (p50, p95)", "Processing step duration (p50, p95)",
            "Initiate latency (p50, p95)", "Readiness checks", "Memory (working set)", "CPU" })
        {
            var series = await page.Locator($"section.panel[data-title='{title}']").GetAttributeAsync("data-series");
            Assert.True(int.Parse(series!, System.Globalization.CultureInfo.InvariantCulture) > 0, $"{title} has no series in the scrape.");
        }

        var path = Path.Combine(ChromiumFixture.ArtifactsDirectory, "dashboard-preview.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"dashboard preview: {path} ({drawn.GetProperty("filled").GetInt32()} of {panels} panels with series)");
    }
}
