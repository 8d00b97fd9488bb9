using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// What a person does on the uploader page, in Playwright terms. Controls are found by their role and accessible
/// name wherever possible, so these tests also check that the page is labelled for assistive technology.
/// </summary>
public sealed class UploaderPageDriver : IAsyncDisposable
{
    private readonly List<string> _scriptErrors = [];

    private UploaderPageDriver(IPage page)
    {
        Page = page;
        page.PageError += (_, error) => _scriptErrors.Add(error);
    }

    public IPage Page { get; }

    /// <summary>Uncaught exceptions of the page's own scripts so far.</summary>
    public IReadOnlyList<string> ScriptErrors => _scriptErrors;

    public static async Task<UploaderPageDriver> OpenAsync(IBrowser browser, Uri gateway, bool bypassContentSecurityPolicy = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
            BypassCSP = bypassContentSecurityPolicy,
        });
        // Every push transport the page uses, in order, however briefly (data-live-transport on the body).
        await context.AddInitScriptAsync("""
            window.liveTransports = [];
            document.addEventListener('DOMContentLoaded', () => new MutationObserver(() => {
              const transport = document.body.dataset.liveTransport;
              if (transport && window.liveTransports.at(-1) !== transport) window.liveTransports.push(transport);
            }).observe(document.body, { attributes: true, attributeFilter: ['data-live-transport'] }));
            """);
        var driver = new UploaderPageDriver(await context.NewPageAsync());
        await driver.Page.GotoAsync("/");
        return driver;
    }

    /// <summary>The push transports the page has used so far: "hub" (SignalR) or "sse" (event stream).</summary>
    public Task<string[]> LiveTransportsAsync() => Page.EvaluateAsync<string[]>("() => window.liveTransports");

    public async Task SignInWithDevelopmentTokenAsync(string user, string tenant, string role = "uploader")
    {
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "User id" }).FillAsync(user);
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Tenant" }).FillAsync(tenant);
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).SelectOptionAsync(role);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Get development token" }).ClickAsync();
        await Page.GetByText($"Signed in as {user} ").WaitForAsync();
    }

    public async Task ChooseProjectAsync(string projectId)
    {
        await Page.Locator($"#project option[value='{projectId}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Upload to" }).SelectOptionAsync(projectId);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Drop photos and plans here" }).WaitForAsync();
    }

    /// <summary>Drops a file on the drop zone the way a browser does: dragenter, dragover, drop with its DataTransfer.</summary>
    public async Task DropFileAsync(string name, string type, byte[] content)
    {
        var transfer = await Page.EvaluateHandleAsync("""
            ([name, type, base64]) => {
              const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type }));
              return transfer;
            }
            """, new object[] { name, type, Convert.ToBase64String(content) });
        var zone = Page.GetByRole(AriaRole.Button, new() { Name = "Drop photos and plans here" });
        foreach (var eventType in new[] { "dragenter", "dragover", "drop" })
        {
            await zone.DispatchEventAsync(eventType, new { dataTransfer = transfer });
        }
    }

    public Task ChooseFilesAsync(params string[] paths) => Page.GetByLabel("Or choose files").SetInputFilesAsync(paths);

    /// <summary>The list item of one upload.</summary>
    public ILocator Row(string fileName) =>
        Page.Locator("li.upload").Filter(new() { Has = Page.Locator(".upload-name", new() { HasTextString = fileName }) });

    /// <summary>Waits until the upload reaches one of <paramref name="phases"/> (the row's data-phase) and returns it.</summary>
    public async Task<string> WaitForPhaseAsync(string fileName, TimeSpan timeout, params string[] phases)
    {
        var row = Row(fileName);
        await row.WaitForAsync(new() { Timeout = (float)timeout.TotalMilliseconds });
        var handle = await Page.WaitForFunctionAsync("""
            ([row, phases]) => phases.includes(row.dataset.phase) ? row.dataset.phase : null
            """, new object[] { await row.ElementHandleAsync(), phases },
            new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        return await handle.JsonValueAsync<string>();
    }

    public async Task<string> RowTextAsync(string fileName) => await Row(fileName).InnerTextAsync();

    /// <summary>One fact the row shows about the processed file; they arrive a moment after "done" (GET /api/uploads/{id}).</summary>
    public async Task<string?> FactAsync(string fileName, string term)
    {
        await Row(fileName).Locator("dl.facts").WaitForAsync(new() { Timeout = 10_000 });
        var terms = Row(fileName).Locator("dt");
        for (var i = 0; i < await terms.CountAsync(); i++)
        {
            if (await terms.Nth(i).InnerTextAsync() == term)
            {
                return await Row(fileName).Locator("dd").Nth(i).InnerTextAsync();
            }
        }

        return null;
    }

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ChromiumFixture.ArtifactsDirectory, name);
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
