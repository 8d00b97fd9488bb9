namespace BuildPeer.Cli.Completion;

/// <summary>
/// Shell scripts that complete <c>buildpeer</c> command lines. Each asks the command itself through System.CommandLine's
/// <c>[suggest:position]</c> directive, with the line minus its first word (the program's own name, however the
/// user called it) and the cursor position within that rest, so the suggestions always match the installed version.
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish", "pwsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "No completion script for this shell."),
    };

    private const string Bash = """
        # buildpeer completion for bash: add to ~/.bashrc
        #   source <(buildpeer completion bash)
        _buildpeer_complete() {
          local line="${COMP_LINE:0:COMP_POINT}"
          local rest="${line#*[[:space:]]}"
          [[ "$rest" == "$line" ]] && rest=""
          local IFS=$'\n'
          COMPREPLY=($(compgen -W "$(command buildpeer "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _buildpeer_complete buildpeer

        """;

    private const string Zsh = """
        # buildpeer completion for zsh: add to ~/.zshrc (after compinit)
        #   source <(buildpeer completion zsh)
        _buildpeer() {
          local line="${BUFFER[1,CURSOR]}"
          local rest="${line#*[[:space:]]}"
          [[ "$rest" == "$line" ]] && rest=""
          local -a items
          items=("${(@f)$(command buildpeer "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
          compadd -a items
        }
        compdef _buildpeer buildpeer

        """;

    private const string Fish = """
        # buildpeer completion for fish: save as ~/.config/fish/completions/buildpeer.fish
        #   buildpeer completion fish > ~/.config/fish/completions/buildpeer.fish
        function __buildpeer_complete
            set -l rest (string replace -r '^\S+\s*' '' -- (commandline -cp))
            command buildpeer "[suggest:"(string length -- "$rest")"]" "$rest" 2>/dev/null
        end
        complete -c buildpeer -f -a '(__buildpeer_complete)'

        """;

    private const string PowerShell = """
        # buildpeer completion for PowerShell: add to $PROFILE
        #   buildpeer completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName buildpeer -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString().Substring(0, [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $commandAst.ToString().Length))
            $rest = $line -replace '^\S+\s*', ''
            buildpeer "[suggest:$($rest.Length)]" "$rest" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
