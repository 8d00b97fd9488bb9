using System.Collections;
using BuildPeer.Cli.Configuration;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary>What a command runs with: its writers, environment and working folder (tests give their own).</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IDictionary Environment, string WorkingDirectory, bool ErrorRedirected)
{
    public static CliContext FromProcess() => new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariables(),
        System.Environment.CurrentDirectory, Console.IsErrorRedirected);

    /// <summary>The NO_COLOR convention (no-color.org): set and not empty, no colours in any output.</summary>
    public bool NoColor => Environment["NO_COLOR"] is string { Length: > 0 };

    public BuildPeerClient CreateClient(string? configPath, int? maxConcurrentParts = null) =>
        new(CliSettings.Load(configPath, Environment).ToClientOptions(maxConcurrentParts));
}
