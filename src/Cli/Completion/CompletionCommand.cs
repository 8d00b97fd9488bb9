using System.CommandLine;
using BuildPeer.Cli.Commands;
using BuildPeer.Cli.Output;

namespace BuildPeer.Cli.Completion;

/// <summary><c>buildpeer completion &lt;shell&gt;</c>: prints the shell's completion script.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new Command("completion", "Print the shell completion script (e.g. source <(buildpeer completion bash)).") { shell };
        command.SetAction(parsed =>
        {
            context.Out.Write(CompletionScripts.For(parsed.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return command;
    }
}
