using BuildPeer.IntegrationTests.Stack;
using Microsoft.Playwright;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>
/// Debian's Chromium (installed by scripts/stack.sh), driven headless by Playwright's bundled driver: no browser
/// download, which this machine could not make anyway. One browser per test class, a fresh context per test.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land here, where CI keeps test artifacts.</summary>
    public static string ArtifactsDirectory { get; } =
        Path.Combine(LocalStack.RepositoryRoot, "artifacts", "test-results", "browser");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BUILDPEER_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: scripts/stack.sh up installs Debian's chromium.");
        }

        Directory.CreateDirectory(ArtifactsDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in a container has no user namespaces for the sandbox; the rest keeps Chromium off the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
