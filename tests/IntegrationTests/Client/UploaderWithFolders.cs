using BuildPeer.Client;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// Base of the client and command tests: "alice", an uploader of a project of her own, with private folders for
/// the files to upload, the resume state and a home (so no config file of the machine is read).
/// </summary>
public abstract class UploaderWithFolders(ServiceHostsFixture hosts) : UploaderInNewProject(hosts), IDisposable
{
    private protected TempFolder Files { get; } = new();

    private protected TempFolder State { get; } = new();

    private protected TempFolder Home { get; } = new();

    protected BuildPeerClientOptions Options(int maxRetries = 5, int maxConcurrentParts = 4, Uri? gatewayUrl = null) =>
        TestUploaders.Options(Hosts, "alice", "acme", State.Directory.FullName, maxRetries, maxConcurrentParts, gatewayUrl);

    protected CliProcess Cli() => CliProcess.For(Hosts, "alice", "acme", State.Directory.FullName, Home.Directory.FullName);

    public void Dispose()
    {
        Files.Dispose();
        State.Dispose();
        Home.Dispose();
        GC.SuppressFinalize(this);
    }
}
