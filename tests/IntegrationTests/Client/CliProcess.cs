using System.Diagnostics;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// The <c>buildpeer</c> command run as a child process, exactly as a person or CI would run it: the built tool
/// (copied next to the tests), its settings from the environment, stdout and stderr captured.
/// </summary>
public sealed class CliProcess
{
    private static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "BuildPeer.Cli.dll");

    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal)
    {
        // No settings leak in from the machine running the tests.
        ["BUILDPEER_URL"] = null,
        ["BUILDPEER_TOKEN"] = null,
        ["BUILDPEER_TENANT"] = null,
        ["BUILDPEER_CONFIG"] = null,
        ["BUILDPEER_STATE_DIR"] = null,
        ["HTTP_PROXY"] = null,
        ["http_proxy"] = null,
        ["NO_PROXY"] = null,
        ["no_proxy"] = null,
        ["XDG_CONFIG_HOME"] = null,
        ["XDG_STATE_HOME"] = null,
    };

    /// <summary>A command acting as <paramref name="userId"/> in <paramref name="tenantId"/> through the environment.</summary>
    public static CliProcess For(ServiceHostsFixture hosts, string userId, string tenantId, string stateDirectory, string home) =>
        new CliProcess()
            .With("BUILDPEER_URL", hosts.GatewayAddress.AbsoluteUri)
            .With("BUILDPEER_TOKEN", TestUploaders.TokenFor(hosts, userId, tenantId))
            .With("BUILDPEER_TENANT", tenantId)
            .With("BUILDPEER_STATE_DIR", stateDirectory)
            .With("HOME", home);

    public CliProcess With(string variable, string? value)
    {
        _environment[variable] = value;
        return this;
    }

    /// <summary>
    /// Storage traffic through <paramref name="proxy"/> with the standard proxy variables; the gateway is then
    /// addressed as <c>localhost</c>, which <c>NO_PROXY</c> exempts, so only storage PUTs (to 127.0.0.1) pass it.
    /// </summary>
    public CliProcess WithStorageProxy(FaultInjectingProxy proxy, Uri gateway) =>
        With("HTTP_PROXY", proxy.Address.AbsoluteUri)
            .With("NO_PROXY", "localhost")
            .With("BUILDPEER_URL", LocalhostAddressOf(gateway).AbsoluteUri);

    public static Uri LocalhostAddressOf(Uri gateway) => new UriBuilder(gateway) { Host = "localhost" }.Uri;

    public Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the buildpeer command.");
    }

    public async Task<CliResult> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>How the command ended: its exit code and what it wrote.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ErrorLines =>
        [.. Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => line.StartsWith("error:", StringComparison.Ordinal))];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
