using BuildPeer.Client;

namespace BuildPeer.Cli.Output;

/// <summary>Every failure as one line on stderr, <c>error: &lt;title&gt; (&lt;code&gt;)</c>, and its exit code.</summary>
internal static class Errors
{
    public static int Report(TextWriter stderr, Exception exception, string? subject = null)
    {
        foreach (var line in Lines(exception, subject))
        {
            stderr.WriteLine(line);
        }

        return ExitCodeOf(exception);
    }

    public static IEnumerable<string> Lines(Exception exception, string? subject = null)
    {
        var prefix = subject is null ? "error: " : $"error: {subject}: ";
        switch (exception)
        {
            // A refused file names its own reason ("'.txt' files are not accepted; ...") better than the envelope.
            case BuildPeerException { Rejections.Count: > 0 } rejected:
                return rejected.Rejections.Select(file => $"error: {file.FileName}: {OneLine(file.Detail)} ({file.Code})");
            case BuildPeerException failure:
                return [$"{prefix}{OneLine(failure.Title)}{(failure.Detail is null ? "" : " " + OneLine(failure.Detail))} ({failure.Code})"];
            case CliUsageException usage:
                return [$"{prefix}{OneLine(usage.Message)} ({usage.Code})"];
            case OperationCanceledException:
                return [$"{prefix}interrupted; run the same command again to resume ({ErrorCodes.Interrupted})"];
            default:
                return [$"{prefix}{OneLine(exception.Message)} ({ErrorCodes.Unexpected})"];
        }
    }

    public static int ExitCodeOf(Exception exception) => exception switch
    {
        CliUsageException => ExitCodes.Usage,
        OperationCanceledException => ExitCodes.Interrupted,
        BuildPeerException { Code: ErrorCodes.FileUnreadable } => ExitCodes.Usage,
        BuildPeerException { IsTransient: true } => ExitCodes.TransferFailed,
        BuildPeerException => ExitCodes.Refused,
        _ => ExitCodes.Unexpected,
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}

/// <summary>The command was used wrongly (arguments, settings); <see cref="Code"/> names what.</summary>
internal sealed class CliUsageException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
