using System.CommandLine;
using System.CommandLine.Completions;
using BuildPeer.Cli.Completion;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary>The <c>buildpeer</c> command: upload, resume, status, list, completion.</summary>
internal static class BuildPeerCommandLine
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliContext.FromProcess());

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Upload files to BuildPeer and follow their processing.")
        {
            global.Config,
            global.Json,
            UploadCommand.Create(context, global),
            ResumeCommand.Create(context, global),
            StatusCommand.Create(context, global),
            ListCommand.Create(context, global),
            CompletionCommand.Create(context),
        };

        // A root command has the [suggest] directive the completion scripts call.
        var suggest = root.Directives.OfType<SuggestDirective>().Single();

        var parsed = root.Parse(args);
        // A completion request is made of an unfinished command line, which is rarely valid yet.
        if (parsed.Errors.Count > 0 && parsed.GetResult(suggest) is null)
        {
            var format = global.FormatOf(parsed);
            foreach (var error in parsed.Errors)
            {
                var usage = new CliError(null, error.Message, ErrorCodes.InvalidArguments);
                context.Error.WriteLine(format == OutputFormat.Json ? JsonOutput.ErrorLine(usage) : usage.ToLine());
            }

            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error });
    }

    /// <summary>Runs a command's body and turns whatever it throws into one error line and an exit code.</summary>
    public static async Task<int> GuardAsync(CliContext context, OutputFormat format, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Errors.Report(context.Error, exception, format: format);
        }
    }
}
