using System.Text.Json;
using System.Collections.Concurrent;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The uploader as a crew installs it on a phone: a web app manifest, a service worker that keeps the page's own
/// files, and a camera input, in Debian's Chromium against the real gateway, silo and stack.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class InstallablePageTests(ServiceHostsFixture hosts, ChromiumFixture chromium)
    : IClassFixture<ChromiumFixture>
{
    private readonly string _user = PageUsers.New("page");

    [Fact]
    public async Task The_page_registers_its_service_worker_and_serves_its_manifest()
    {
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);

        var worker = await page.Page.EvaluateAsync<string>("() => navigator.serviceWorker.ready.then((r) => r.active.scriptURL)");
        Assert.Equal(new Uri(hosts.GatewayAddress, "/sw.js").ToString(), worker);
        var cached = await page.Page.EvaluateAsync<string[]>(
            "() => caches.keys().then((names) => caches.open(names[0])).then((c) => c.keys()).then((r) => r.map((q) => new URL(q.url).pathname))");
        Assert.Contains("/app.js", cached);
        Assert.DoesNotContain(cached, path => path.StartsWith("/api/", StringComparison.Ordinal));

        var manifestHref = await page.Page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var manifest = await page.Page.Context.APIRequest.GetAsync(manifestHref!);
        Assert.Equal(200, manifest.Status);
        Assert.StartsWith("application/manifest+json", manifest.Headers["content-type"], StringComparison.Ordinal);
        var json = JsonDocument.Parse(await manifest.TextAsync()).RootElement;
        Assert.Equal("standalone", json.GetProperty("display").GetString());
        Assert.Equal("/", json.GetProperty("start_url").GetString());
        var icon = json.GetProperty("icons")[0].GetProperty("src").GetString()!;
        Assert.Equal(200, (await page.Page.Context.APIRequest.GetAsync(icon)).Status);

        var home = await page.Page.Context.APIRequest.GetAsync("/");
        Assert.Contains("worker-src 'self'", home.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("manifest-src 'self'", home.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task A_photo_taken_with_the_camera_input_is_uploaded()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", _user);
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        await page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await page.ChooseProjectAsync(project);

        var camera = page.Page.GetByLabel("Take photo");
        Assert.Equal("environment", await camera.GetAttributeAsync("capture"));
        Assert.Equal("image/*", await camera.GetAttributeAsync("accept"));
        await camera.SetInputFilesAsync(new FilePayload
        {
            Name = "camera.jpg",
            MimeType = "image/jpeg",
            Buffer = GeneratedImages.JpegWithExif(640, 480),
        });

        var phase = await page.WaitForPhaseAsync("camera.jpg", TimeSpan.FromSeconds(90), "done", "failed");
        Assert.True(phase == "done", await page.RowTextAsync("camera.jpg"));
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task Retry_on_a_failed_transfer_sends_only_the_parts_storage_has_not_acknowledged()
    {
        var project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", _user);
        var drawing = Path.Combine(Path.GetTempPath(), $"retry-{Guid.NewGuid():N}.dwg");
        await File.WriteAllBytesAsync(drawing, ProcessingFixtures.DwgLike(12 * 1024 * 1024));
        var name = Path.GetFileName(drawing);
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        var origin = hosts.GatewayAddress.GetLeftPart(UriPartial.Authority);
        var acknowledged = new ConcurrentDictionary<int, int>();
        page.Page.Response += (_, response) =>
        {
            if (response.Request.Method == "PUT" && response.Ok && UploaderPageTests.PartNumberOf(response.Url) is { } part)
            {
                acknowledged.AddOrUpdate(part, 1, (_, count) => count + 1);
            }
        };
        // Storage refuses part 2 for good (a 400 is not tried again) until the route is lifted.
        var refuse = true;
        await page.Page.RouteAsync(url => UploaderPageTests.PartNumberOf(url) == 2, async route =>
        {
            if (refuse && route.Request.Method == "PUT")
            {
                await route.FulfillAsync(new()
                {
                    Status = 400,
                    ContentType = "application/xml",
                    Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = origin },
                    Body = "<Error><Code>BadDigest</Code><Message>Refused by the test</Message></Error>",
                });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        try
        {
            await page.SignInWithDevelopmentTokenAsync(_user, "acme");
            await page.ChooseProjectAsync(project);
            await page.ChooseFilesAsync(drawing);

            Assert.Equal("failed", await page.WaitForPhaseAsync(name, TimeSpan.FromSeconds(60), "failed", "done"));
            var retry = page.Row(name).GetByRole(AriaRole.Button, new() { Name = $"Retry {name}" });
            Assert.True(await retry.IsVisibleAsync());
            refuse = false;
            await retry.ClickAsync();

            var phase = await page.WaitForPhaseAsync(name, TimeSpan.FromSeconds(90), "done", "failed");
            Assert.True(phase == "done", await page.RowTextAsync(name));
            Assert.Contains(2, acknowledged.Keys);
            // A part storage acknowledged before the failure was not sent again.
            Assert.All(acknowledged.Values, count => Assert.Equal(1, count));
            Assert.Empty(page.ScriptErrors);
        }
        finally
        {
            File.Delete(drawing);
        }
    }
}
