using System.Diagnostics;
using BuildPeer.Processing.ChildProcesses;

namespace BuildPeer.UnitTests.Processing.ChildProcesses;

public sealed class ChildEnvironmentTests
{
    [Fact]
    public async Task A_child_sees_none_of_the_parents_variables_beyond_what_a_program_needs()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Postgres", "Password=secret");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret");
        var startInfo = new ProcessStartInfo("env") { RedirectStandardOutput = true, UseShellExecute = false };
        ChildEnvironment.MakeMinimal(startInfo, [new("DOTNET_gcServer", "0")]);

        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=')[0]).Order().ToList();
        Assert.Equal(["DOTNET_gcServer", "HOME", "LANG", "PATH", "TMPDIR"], names.Where(name => name != "DOTNET_ROOT"));
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
    }
}
