using System.Collections;
using System.Diagnostics;
using System.Runtime.Versioning;
using BuildPeer.Cli.Commands;
using BuildPeer.Cli.Completion;
using BuildPeer.Cli.Output;
using BuildPeer.UnitTests.Processing;

namespace BuildPeer.Client.Tests.Cli;

/// <summary>
/// <c>buildpeer completion &lt;shell&gt;</c>: the scripts ask the command itself for suggestions; bash's is run for real
/// against the built command.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ShellCompletionTests : IDisposable
{
    private readonly TempFolder _bin = new();

    [Theory]
    [InlineData("", "upload")]
    [InlineData("li", "list")]
    [InlineData("upload --pro", "--project")]
    [InlineData("list --status COM", "COMPLETED")]
    [InlineData("completion ", "pwsh")]
    public async Task The_suggest_directive_completes_commands_options_and_status_values(string line, string expected)
    {
        var (exitCode, output) = await RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Each_shell_gets_a_script_that_asks_the_command_for_suggestions(string shell)
    {
        var (exitCode, script) = await RunAsync("completion", shell);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal(CompletionScripts.For(shell), script);
        Assert.Contains("[suggest:", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var (exitCode, _) = await RunAsync("completion", "tcsh");

        Assert.Equal(ExitCodes.Usage, exitCode);
    }

    [Theory]
    [InlineData("buildpeer li", "list")]
    [InlineData("buildpeer list --st", "--status")]
    [InlineData("buildpeer list --status QUAR", "QUARANTINED")]
    [InlineData("./tools/buildpeer upload --no-w", "--no-wait")]
    public async Task Bash_completes_with_the_installed_command(string line, string expected)
    {
        var replies = await BashCompleteAsync(line);

        Assert.Contains(expected, replies);
    }

    public static TheoryData<string> Shells() => new(CompletionScripts.Shells);

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter(), new Hashtable(), Environment.CurrentDirectory, ErrorRedirected: true);
        var exitCode = await BuildPeerCommandLine.RunAsync(args, context);
        return (exitCode, output.ToString());
    }

    /// <summary>Sources the bash script with <c>buildpeer</c> on PATH and calls its function as bash would on Tab.</summary>
    private async Task<IReadOnlyList<string>> BashCompleteAsync(string line)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "BuildPeer.Cli.dll");
        var launcher = _bin.PathOf("buildpeer");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec dotnet '{tool}' \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo("bash", ["--norc", "--noprofile", "-c", """
            source <(buildpeer completion bash)
            COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
            read -r -a COMP_WORDS <<<"$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            _buildpeer_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """, "bash", line])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{_bin.Directory.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"bash exited with {bash.ExitCode}: {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public void Dispose() => _bin.Dispose();
}
