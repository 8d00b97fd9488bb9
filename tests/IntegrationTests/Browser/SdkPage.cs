using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// The uploader page's origin with the vendored SDK imported (src/Gateway/wwwroot/vendor/buildpeer-uploads-client),
/// as a page of one's own would load it under the gateway's Content-Security-Policy. The page's SignalR client
/// (vendor/signalr.min.js) is what the SDK's hub transport is given.
/// </summary>
public sealed class SdkPage : IAsyncDisposable
{
    public const string Folder = "/vendor/buildpeer-uploads-client";

    /// <summary>A fixed modification time, so the same bytes are the same file to the SDK after a reload.</summary>
    private const long LastModified = 1_764_000_000_000;

    private readonly string _token;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private SdkPage(IPage page, string token)
    {
        Page = page;
        _token = token;
        page.Console += (_, message) => _console.Enqueue(message.Text);
        page.PageError += (_, error) => _console.Enqueue(error);
    }

    public IPage Page { get; }

    /// <summary>What the page logged (the SignalR client its warnings) and its uncaught errors.</summary>
    public IEnumerable<string> Console => _console;

    public static async Task<SdkPage> OpenAsync(IBrowser browser, Uri gateway, string token)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
            // The page's service worker stays out of the way of Playwright's routing and request counts.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        var page = new SdkPage(await context.NewPageAsync(), token);
        await page.LoadAsync();
        return page;
    }

    /// <summary>Reloads the tab (whatever its scripts held is gone) and imports the SDK again.</summary>
    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await ImportAsync();
    }

    private async Task LoadAsync()
    {
        await Page.GotoAsync("/index.html");
        await ImportAsync();
    }

    /// <summary>
    /// window.sdk (the package), window.IndexedDbStateStore, window.makeClient(stateStore) for alice in acme with the
    /// hub first, window.fileOf(base64, name, type) and window.drawingOf(name, size).
    /// </summary>
    private async Task ImportAsync() => await Page.EvaluateAsync($$"""
        async ({ token }) => {
          window.sdk = await import('{{Folder}}/index.js');
          ({ IndexedDbStateStore: window.IndexedDbStateStore } = await import('{{Folder}}/browser/index.js'));
          window.makeClient = (stateStore) => new window.sdk.UploadClient({
            baseUrl: location.origin, tenantId: 'acme', token, stateStore, retry: { baseDelayMs: 50 }, pollIntervalMs: 500,
            hub: { connection: () => new signalR.HubConnectionBuilder().configureLogging(signalR.LogLevel.Warning) },
          });
          window.fileOf = (base64, name, type) =>
            new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type, lastModified: {{LastModified}} });
          // An AutoCAD 2018 header and seeded noise (xorshift32): the same megabytes in every tab, made in the page
          // because handing them over through Playwright takes longer than uploading them.
          window.drawingOf = (name, size) => {
            const bytes = new Uint8Array(size);
            bytes.set(new TextEncoder().encode('AC1032'));
            let seed = 2463534242;
            for (let i = 11; i < size; i++) {
              seed ^= seed << 13;
              seed ^= seed >>> 17;
              seed ^= seed << 5;
              bytes[i] = seed & 0xff;
            }
            return new File([bytes], name, { lastModified: {{LastModified}} });
          };
        }
        """, new { token = _token });

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
