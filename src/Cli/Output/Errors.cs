using BuildPeer.Client;

namespace BuildPeer.Cli.Output;

/// <summary>Every failure as one line on stderr, <c>error: &lt;title&gt; (&lt;code&gt;)</c>, and its exit code.</summary>
internal static class Errors
{
    public static int Report(TextWriter stderr, Exception exception, string? subject = null, OutputFormat format = OutputFormat.Text)
    {
        foreach (var error in Describe(exception, subject))
        {
            stderr.WriteLine(format == OutputFormat.Json ? JsonOutput.ErrorLine(error) : error.ToLine());
        }

        return ExitCodeOf(exception);
    }

    public static IEnumerable<string> Lines(Exception exception, string? subject = null) =>
        Describe(exception, subject).Select(error => error.ToLine());

    /// <summary>What went wrong, one entry per thing that failed (a refused request names each refused file).</summary>
    public static IEnumerable<CliError> Describe(Exception exception, string? subject = null)
    {
        switch (exception)
        {
            // A refused file names its own reason ("'.txt' files are not accepted; ...") better than the envelope.
            case BuildPeerException { Rejections.Count: > 0 } rejected:
                return rejected.Rejections.Select(file => new CliError(file.FileName, OneLine(file.Detail), file.Code));
            case BuildPeerException failure:
                return [new CliError(subject, $"{OneLine(failure.Title)}{(failure.Detail is null ? "" : " " + OneLine(failure.Detail))}", failure.Code)];
            case CliUsageException usage:
                return [new CliError(subject, OneLine(usage.Message), usage.Code)];
            case OperationCanceledException:
                return [new CliError(subject, "interrupted; run the same command again to resume", ErrorCodes.Interrupted)];
            default:
                return [new CliError(subject, OneLine(exception.Message), ErrorCodes.Unexpected)];
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

/// <summary>One failure: what it concerns (a file, or nothing for the whole command), what happened, its stable code.</summary>
internal sealed record CliError(string? Subject, string Message, string Code)
{
    public string ToLine() => Subject is null ? $"error: {Message} ({Code})" : $"error: {Subject}: {Message} ({Code})";
}

/// <summary>The command was used wrongly (arguments, settings); <see cref="Code"/> names what.</summary>
internal sealed class CliUsageException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
