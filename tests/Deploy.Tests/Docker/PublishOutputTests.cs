namespace BuildPeer.Deploy.Tests.Docker;

/// <summary>
/// What the images are made of is the hosts' publish output: Development settings (local connection strings, the
/// development signing key) must not be in it, or a container started with the wrong environment would use them.
/// </summary>
public sealed class PublishOutputTests
{
    [Theory]
    [InlineData("src/Gateway/Gateway.csproj")]
    [InlineData("src/Silo/Silo.csproj")]
    public void Publish_output_has_the_base_settings_and_no_development_settings(string project)
    {
        var output = Directory.CreateTempSubdirectory("buildpeer-publish-");
        try
        {
            Publish(project, output.FullName);

            var settings = Directory.GetFiles(output.FullName, "appsettings*.json").Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["appsettings.json"], settings);
            Assert.DoesNotContain("SigningKey", File.ReadAllText(Path.Combine(output.FullName, "appsettings.json")), StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static void Publish(string project, string output)
    {
        // The tests run after the solution was built; publish those binaries rather than building again.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Debug"
            : "Release";
        var published = Command.Run("dotnet", "publish", Repository.PathOf(project), "-c", configuration, "--no-build", "-nologo", "-v", "quiet", "-o", output);
        Assert.True(published.ExitCode == 0, $"dotnet publish {project} failed ({published.ExitCode}):\n{published.Output}\n{published.Errors}");
    }
}
