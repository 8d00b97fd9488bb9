using System.CommandLine;
using BuildPeer.Cli.Output;

namespace BuildPeer.Cli.Commands;

/// <summary>Options every command takes, before or after its name.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The config file (default: BUILDPEER_CONFIG, or ~/.config/buildpeer/config.json).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the result as one JSON document on stdout and each error as a JSON line on stderr; no progress.",
        Recursive = true,
    };

    public OutputFormat FormatOf(ParseResult parsed) => parsed.GetValue(Json) ? OutputFormat.Json : OutputFormat.Text;
}
