namespace BuildPeer.Deploy.Tests.Packages;

/// <summary>
/// BuildPeer.Client and BuildPeer.Cli packed as a release build packs them: from a clone of the committed
/// repository whose origin is the public one (SourceLink maps sources through it), as a CI build.
/// </summary>
public sealed class PackedClients : IDisposable
{
    public const string PublicRepository = "https://github.com/buildpeer/buildpeer-uploads";

    private readonly DirectoryInfo _workspace = Directory.CreateTempSubdirectory("buildpeer-pack-");

    public PackedClients()
    {
        var clone = Path.Combine(_workspace.FullName, "repository");
        Output = Path.Combine(_workspace.FullName, "packages");
        Run("git", "clone", "--quiet", Repository.Root, clone);
        Run("git", "-C", clone, "remote", "set-url", "origin", $"{PublicRepository}.git");
        Commit = Run("git", "-C", clone, "rev-parse", "HEAD").Output.Trim();
        foreach (var project in (string[])["src/Client/Client.csproj", "src/Cli/Cli.csproj"])
        {
            Run("dotnet", "pack", Path.Combine(clone, project), "-c", "Release", "-o", Output, "-nologo",
                "-p:ContinuousIntegrationBuild=true");
        }
    }

    /// <summary>Where the .nupkg and .snupkg files are.</summary>
    public string Output { get; }

    /// <summary>The commit the packages were built from.</summary>
    public string Commit { get; }

    public string PackageOf(string id, string extension = "nupkg") =>
        Directory.EnumerateFiles(Output, $"{id}.*.{extension}").Single();

    private static Command Run(string file, params string[] arguments)
    {
        var command = Command.Run(file, arguments);
        if (command.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({command.ExitCode}):\n{command.Output}\n{command.Errors}");
        }

        return command;
    }

    public void Dispose() => _workspace.Delete(recursive: true);
}
