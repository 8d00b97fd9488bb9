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

    private SdkPage(IPage page, string token)
    {
        Page = page;
        _token = token;
    }

    public IPage Page { get; }

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
    /// hub first, and window.fileOf(base64, name, type).
    /// </summary>
    private async Task ImportAsync() => await Page.EvaluateAsync($$"""
        async ({ token }) => {
          window.sdk = await import('{{Folder}}/index.js');
          ({ IndexedDbStateStore: window.IndexedDbStateStore } = await import('{{Folder}}/browser/index.js'));
          window.makeClient = (stateStore) => new window.sdk.UploadClient({
            baseUrl: location.origin, tenantId: 'acme', token, stateStore, retry: { baseDelayMs: 50 }, pollIntervalMs: 500,
            hub: { connection: () => new signalR.HubConnectionBuilder().configureLogging(signalR.LogLevel.None) },
          });
          window.fileOf = (base64, name, type) =>
            new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type, lastModified: {{LastModified}} });
        }
        """, new { token = _token });

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
