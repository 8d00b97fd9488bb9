using System.Diagnostics;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing;
using BuildPeer.UnitTests.Processing.Images;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// Runs the TypeScript SDK's node tests (clients/typescript/test/integration) against real hosts: installs and builds
/// the SDK with its own script, so CI covers the compile too, and hands over the gateway, tenant, token, project and
/// the files to upload through the environment.
/// </summary>
internal static class TypeScriptSdk
{
    public static readonly string Folder = Path.Combine(LocalStack.RepositoryRoot, "clients", "typescript");

    // One SDK build per test run at a time: npm ci and tsc write the same folders.
    private static readonly SemaphoreSlim Build = new(1, 1);

    /// <summary>The files the node tests upload, made on the spot.</summary>
    public static void WriteFiles(TempFolder files)
    {
        files.Write("photo.jpg", GeneratedImages.Jpeg(320, 240));
        TestFiles.Drawing(files, "plan.dwg", 12 * TestFiles.MiB);
        files.Write("setup.exe", "MZ not a photo"u8.ToArray());
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(
        ServiceHostsFixture hosts, string project, TempFolder files, IReadOnlyDictionary<string, string> extra, params string[] testFiles)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Folder, "scripts", "test-integration.sh"), .. testFiles])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BUILDPEER_GATEWAY_URL"] = hosts.GatewayAddress.ToString().TrimEnd('/');
        start.Environment["BUILDPEER_TENANT"] = "acme";
        start.Environment["BUILDPEER_TOKEN"] = TestUploaders.TokenFor(hosts, "alice", "acme");
        start.Environment["BUILDPEER_PROJECT"] = project;
        start.Environment["BUILDPEER_FILES"] = files.Directory.FullName;
        foreach (var (name, value) in extra)
        {
            start.Environment[name] = value;
        }

        await Build.WaitAsync();
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
            var errors = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, output + await errors);
        }
        finally
        {
            Build.Release();
        }
    }
}
