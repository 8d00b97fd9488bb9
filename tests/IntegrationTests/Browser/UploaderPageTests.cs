using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.IntegrationTests.Uploads.Processing;
using BuildPeer.UnitTests.Processing.Images;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The browser uploader as a person uses it, in Debian's Chromium against the real gateway, silo and stack: the bytes
/// go from the page straight to the S3 emulator (through its CORS rule), the page follows the status and shows what
/// processing found. Screenshots go to artifacts/test-results/browser.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class UploaderPageTests(ServiceHostsFixture hosts, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly TimeSpan ProcessingDeadline = TimeSpan.FromSeconds(90);
    private string _project = string.Empty;

    private readonly string _user = PageUsers.New("page");

    public async Task InitializeAsync()
    {
        await StorageCors.AssertAllowsUploadsFromAsync(hosts.GatewayAddress);
        _project = await TestProjects.CreateWithUploaderAsync(hosts, "acme", _user);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_dropped_photo_shows_its_thumbnail_capture_time_and_position()
    {
        var sample = ProcessingFixtures.Sample("photos/iphone6-gps.jpg");
        var photo = sample ?? GeneratedImages.JpegWithExif(1600, 1200);
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        var statusPolls = 0;
        var eventStreams = new List<string>();
        string? initiated = null;
        page.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/uploads/initiate", StringComparison.Ordinal))
            {
                initiated = request.PostData;
            }
        };
        page.Page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/status", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref statusPolls);
            }
            else if (response.Url.EndsWith("/events", StringComparison.Ordinal))
            {
                eventStreams.Add($"{response.Status} {response.Headers.GetValueOrDefault("content-type")}");
            }
        };

        await page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await page.ChooseProjectAsync(_project);
        await page.DropFileAsync("site photo.jpg", "image/jpeg", photo);

        var phase = await page.WaitForPhaseAsync("site photo.jpg", ProcessingDeadline, "done", "failed");
        Assert.True(phase == "done", await page.RowTextAsync("site photo.jpg"));
        var thumbnail = page.Row("site photo.jpg").GetByRole(AriaRole.Img, new() { Name = "Preview of site photo.jpg" });
        var naturalWidth = await thumbnail.EvaluateAsync<int>("image => image.decode().then(() => image.naturalWidth)");
        Assert.Equal(800, naturalWidth); // the 800x800 thumbnail, fitted: a landscape photo is 800 wide
        Assert.Equal(sample is null ? "2024-03-01 08:15:00-05:00" : "2015-04-10 20:12:23", await page.FactAsync("site photo.jpg", "Captured"));
        Assert.StartsWith(sample is null ? "-33.860000, -70.500000" : "40.446972, -3.724753", await page.FactAsync("site photo.jpg", "Location"));
        var download = page.Row("site photo.jpg").GetByRole(AriaRole.Link, new() { Name = "Download site photo.jpg" });
        Assert.Contains("X-Amz-Signature=", await download.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Equal("100", await page.Row("site photo.jpg").GetByRole(AriaRole.Progressbar).GetAttributeAsync("aria-valuenow"));
        // The page hashed the file (SubtleCrypto) and the service found the same SHA-256, or it would have FAILED.
        var file = JsonDocument.Parse(initiated!).RootElement.GetProperty("files")[0];
        Assert.Equal(ProcessingFixtures.Sha256Base64(photo), file.GetProperty("checksumSha256").GetString());
        Assert.Equal("image/jpeg", file.GetProperty("contentType").GetString());
        Assert.Empty(page.ScriptErrors);
        // Pushed over the hub, the page's first choice: no event stream was opened.
        Assert.Equal(["hub"], await page.LiveTransportsAsync());
        Assert.Empty(eventStreams);
        output.WriteLine($"status polls: {statusPolls}");
        output.WriteLine($"screenshot: {await page.ScreenshotAsync("photo-with-thumbnail.png")}");
    }

    [Fact]
    public async Task A_multipart_upload_paused_and_resumed_never_resends_a_finished_part_nor_goes_backwards()
    {
        // 12 MiB: three parts of 5, 5 and 2 MiB, sent in parallel through a link throttled to 2 MiB/s.
        var drawing = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.dwg");
        await File.WriteAllBytesAsync(drawing, ProcessingFixtures.DwgLike(12 * 1024 * 1024));
        var name = Path.GetFileName(drawing);
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        var finishedParts = new List<int>();
        var partDone = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Page.RequestFinished += async (_, request) =>
        {
            if (request.Method == "PUT" && PartNumberOf(request.Url) is { } part && (await request.ResponseAsync())?.Ok == true)
            {
                lock (finishedParts)
                {
                    finishedParts.Add(part);
                }

                partDone.TrySetResult(part);
            }
        };
        try
        {
            await page.SignInWithDevelopmentTokenAsync(_user, "acme");
            await page.ChooseProjectAsync(_project);
            await ThrottleUploadsAsync(page.Page, bytesPerSecond: 2 * 1024 * 1024);
            await page.ChooseFilesAsync(drawing);
            await RecordProgressAsync(page, name);

            // The small last part finishes first; the two big ones are still on their way when the user pauses.
            await partDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.Row(name).GetByRole(AriaRole.Button, new() { Name = $"Pause {name}" }).ClickAsync();
            await page.WaitForPhaseAsync(name, TimeSpan.FromSeconds(5), "paused");
            var pausedAt = await ProgressAsync(page, name);
            await page.ScreenshotAsync("multipart-paused.png");
            await Task.Delay(1500);
            Assert.Equal(pausedAt, await ProgressAsync(page, name));
            Assert.InRange(pausedAt, 1, 99);
            Assert.Contains($"Paused at {pausedAt}%", await page.RowTextAsync(name), StringComparison.Ordinal);
            int[] beforeResume;
            lock (finishedParts)
            {
                beforeResume = [.. finishedParts];
            }

            await page.Row(name).GetByRole(AriaRole.Button, new() { Name = $"Resume {name}" }).ClickAsync();
            var phase = await page.WaitForPhaseAsync(name, ProcessingDeadline, "done", "failed");

            Assert.True(phase == "done", await page.RowTextAsync(name));
            Assert.NotEmpty(beforeResume);
            lock (finishedParts)
            {
                Assert.Equal([1, 2, 3], finishedParts.Order());
            }

            var recorded = await page.Page.EvaluateAsync<int[]>("() => window.progressSeen");
            Assert.Equal(recorded.Order(), recorded);
            Assert.Equal(100, recorded[^1]);
            Assert.Equal("AutoCAD 2018", (await page.FactAsync(name, "Drawing"))?.Split(", ").Last());
            Assert.Empty(page.ScriptErrors);
            output.WriteLine($"paused at {pausedAt}% with parts [{string.Join(", ", beforeResume)}] done; progress seen: {string.Join(" ", recorded)}");
            output.WriteLine($"screenshot: {await page.ScreenshotAsync("multipart-resumed.png")}");
        }
        finally
        {
            File.Delete(drawing);
        }
    }

    [Fact]
    public async Task Without_the_hub_the_page_follows_the_project_event_stream()
    {
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        await AnswerNotFoundAsync(page, "**/hubs/uploads/**");
        await page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await page.ChooseProjectAsync(_project);

        await page.DropFileAsync("streamed.png", "image/png", GeneratedImages.TransparentPng(300, 200));

        Assert.Equal("done", await page.WaitForPhaseAsync("streamed.png", ProcessingDeadline, "done", "failed"));
        Assert.Equal(["sse"], await page.LiveTransportsAsync());
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task Without_the_push_stream_the_page_polls_the_status_and_still_shows_the_result()
    {
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        // A gateway without the hub and the events endpoint (or a proxy that refuses both) answers 404 there.
        await AnswerNotFoundAsync(page, "**/hubs/uploads/**");
        await AnswerNotFoundAsync(page, "**/api/projects/*/events");
        var statusPolls = 0;
        page.Page.Response += (_, response) =>
        {
            if (response.Url.EndsWith("/status", StringComparison.Ordinal) && response.Ok)
            {
                Interlocked.Increment(ref statusPolls);
            }
        };
        await page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await page.ChooseProjectAsync(_project);

        await page.DropFileAsync("polled.jpg", "image/jpeg", GeneratedImages.Jpeg(800, 600));

        Assert.Equal("done", await page.WaitForPhaseAsync("polled.jpg", ProcessingDeadline, "done", "failed"));
        Assert.True(statusPolls > 0);
        Assert.Equal("800 × 600", await page.FactAsync("polled.jpg", "Pixels"));
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task From_the_keyboard_alone_the_drop_zone_opens_the_file_chooser_and_the_file_is_sent()
    {
        var photo = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, GeneratedImages.TransparentPng(320, 240));
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        try
        {
            // Waiting for the chooser switches on its interception in the browser, a message Playwright does not
            // await: started before signing in, it is in force long before the key is pressed.
            var choosing = page.Page.WaitForFileChooserAsync(new() { Timeout = (float)ProcessingDeadline.TotalMilliseconds });
            await page.SignInWithDevelopmentTokenAsync(_user, "acme");
            await page.ChooseProjectAsync(_project);
            await page.Page.GetByRole(AriaRole.Button, new() { Name = "Drop photos and plans here" }).FocusAsync();

            await page.Page.Keyboard.PressAsync("Enter");
            var chooser = await choosing;
            Assert.True(chooser.IsMultiple);
            await chooser.SetFilesAsync(photo);

            Assert.Equal("done", await page.WaitForPhaseAsync(Path.GetFileName(photo), ProcessingDeadline, "done", "failed"));
            Assert.Equal("320 × 240", await page.FactAsync(Path.GetFileName(photo), "Pixels"));
        }
        finally
        {
            File.Delete(photo);
        }
    }

    private static async Task AnswerNotFoundAsync(UploaderPageDriver page, string url) =>
        await page.Page.RouteAsync(url, route => route.FulfillAsync(new()
        {
            Status = 404,
            ContentType = "application/problem+json",
            Body = """{"status":404,"title":"Not Found","code":"not_found"}""",
        }));

    [Fact]
    public async Task A_part_refused_by_storage_as_expired_is_signed_again_and_sent()
    {
        var drawing = Path.Combine(Path.GetTempPath(), $"late-{Guid.NewGuid():N}.dwg");
        await File.WriteAllBytesAsync(drawing, ProcessingFixtures.DwgLike(6 * 1024 * 1024));
        var name = Path.GetFileName(drawing);
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);
        var origin = hosts.GatewayAddress.GetLeftPart(UriPartial.Authority);
        var secondPartAttempts = 0;
        var resigned = new List<string>();
        page.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/parts", StringComparison.Ordinal))
            {
                resigned.Add(request.PostData ?? string.Empty);
            }
        };
        // What S3 answers to a URL past its expiry; the first try of part 2 gets it.
        await page.Page.RouteAsync(url => PartNumberOf(url) == 2, async route =>
        {
            if (Interlocked.Increment(ref secondPartAttempts) == 1)
            {
                await route.FulfillAsync(new()
                {
                    Status = 403,
                    ContentType = "application/xml",
                    Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = origin },
                    Body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
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
            await page.ChooseProjectAsync(_project);
            await page.ChooseFilesAsync(drawing);

            var phase = await page.WaitForPhaseAsync(name, ProcessingDeadline, "done", "failed");

            Assert.True(phase == "done", await page.RowTextAsync(name));
            Assert.Equal(2, secondPartAttempts);
            // Every part not yet sent is signed again at once (part 1 may still be on its way), so one call serves all.
            var partNumbers = JsonDocument.Parse(Assert.Single(resigned)).RootElement.GetProperty("partNumbers");
            Assert.Contains(2, partNumbers.EnumerateArray().Select(part => part.GetInt32()));
            Assert.Empty(page.ScriptErrors);
        }
        finally
        {
            File.Delete(drawing);
        }
    }

    [Fact]
    public async Task A_tenant_admin_token_minted_on_the_page_is_admin_of_that_tenant_only()
    {
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);

        await page.SignInWithDevelopmentTokenAsync("boss", "acme", "admin");

        // The token holds the per-tenant role, and the page offers project creation for the tenant it names.
        await page.Page.GetByText("Signed in as boss (acme:admin").WaitForAsync();
        await page.Page.Locator("#create-project").WaitForAsync();
        Assert.True(await page.Page.Locator("#create-project").IsVisibleAsync());
        Assert.Empty(page.ScriptErrors);
    }

    [Fact]
    public async Task The_page_reads_a_server_sent_event_stream_however_it_is_cut_into_chunks()
    {
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress);

        // The push contract's shape, with a keep-alive, CRLF and CR line ends, a multi-line message and a
        // two-byte character, cut every 7 bytes so that lines, CRLFs and the character fall across chunks.
        var messages = await page.Page.EvaluateAsync<string[]>("""
            async () => {
              const { readEvents } = await import('/vendor/buildpeer-uploads-client/index.js');
              const text = ': keep-alive\n\nevent: status\r\nid: u1:3\r\ndata: {"status":"COMPLETED","fileName":"façade.jpg"}\r\n\r\n'
                + 'data: first\rdata: second\r\rid: u2:1\nevent: status\ndata:{"version":1}\n\n: trailing comment\n';
              const bytes = new TextEncoder().encode(text);
              const body = new ReadableStream({
                start(controller) {
                  for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
                  controller.close();
                },
              });
              const seen = [];
              for await (const message of readEvents(body)) seen.push(`${message.event}|${message.id}|${message.data}`);
              return seen;
            }
            """);

        Assert.Equal(
        [
            "status|u1:3|{\"status\":\"COMPLETED\",\"fileName\":\"façade.jpg\"}",
            "message|undefined|first\nsecond",
            "status|u2:1|{\"version\":1}",
        ], messages);
    }

    [Fact]
    public async Task The_page_with_a_finished_upload_has_no_serious_accessibility_violations()
    {
        // axe is injected as a script: the page's own Content-Security-Policy (script-src 'self') would refuse it.
        await using var page = await UploaderPageDriver.OpenAsync(chromium.Browser, hosts.GatewayAddress, bypassContentSecurityPolicy: true);
        await page.SignInWithDevelopmentTokenAsync(_user, "acme");
        await page.ChooseProjectAsync(_project);
        await page.DropFileAsync("small.jpg", "image/jpeg", GeneratedImages.Jpeg(640, 480));
        Assert.Equal("done", await page.WaitForPhaseAsync("small.jpg", ProcessingDeadline, "done", "failed"));

        var result = await page.Page.RunAxe();

        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id}: {violation.Help} ({string.Join(", ", violation.Nodes.Select(node => node.Html))})")
            .ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"{violation.Impact}: {violation.Id} {violation.Help}");
        }
    }

    internal static int? PartNumberOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && System.Web.HttpUtility.ParseQueryString(uri.Query)["partNumber"] is { } part
        && int.TryParse(part, out var number)
            ? number
            : null;

    /// <summary>Chromium's own network emulation: uploads slow enough to pause one mid-way.</summary>
    private static async Task ThrottleUploadsAsync(IPage page, int bytesPerSecond)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Network.enable");
        await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 0,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = bytesPerSecond,
        });
    }

    /// <summary>Every value the file's progress bar takes from now on, in window.progressSeen.</summary>
    private static async Task RecordProgressAsync(UploaderPageDriver page, string fileName)
    {
        var bar = page.Row(fileName).GetByRole(AriaRole.Progressbar);
        await bar.WaitForAsync();
        await bar.EvaluateAsync("""
            bar => {
              window.progressSeen = [];
              const record = () => window.progressSeen.push(Number(bar.getAttribute('aria-valuenow')));
              record();
              new MutationObserver(record).observe(bar, { attributes: true, attributeFilter: ['aria-valuenow'] });
            }
            """);
    }

    private static async Task<int> ProgressAsync(UploaderPageDriver page, string fileName) =>
        int.Parse(await page.Row(fileName).GetByRole(AriaRole.Progressbar).GetAttributeAsync("aria-valuenow") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);
}
