namespace BuildPeer.Cli.Output;

/// <summary>How results and errors are written: lines for people, or JSON for scripts (<c>--json</c>).</summary>
internal enum OutputFormat
{
    Text,
    Json,
}
