using System.Collections;
using BuildPeer.Cli.Configuration;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary>What a command runs with: its writers, environment and working folder (tests give their own).</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IDictionary Environment, string WorkingDirectory, bool ErrorRedirected)
{
    public static CliContext FromProcess() => new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariables(),
        System.Environment.CurrentDirectory, Console.IsErrorRedirected);

    public BuildPeerClient CreateClient(string? configPath, int? maxConcurrentParts = null) =>
        new(CliSettings.Load(configPath, Environment).ToClientOptions(maxConcurrentParts));
}
