using System.CommandLine;
using BuildPeer.Cli.Output;

namespace BuildPeer.Cli.Commands;

/// <summary>The <c>buildpeer</c> command: upload, resume, status, list.</summary>
internal static class BuildPeerCommandLine
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliContext.FromProcess());

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var config = new Option<string?>("--config")
        {
            Description = "The config file (default: BUILDPEER_CONFIG, or ~/.config/buildpeer/config.json).",
            Recursive = true,
        };
        var root = new RootCommand("Upload files to BuildPeer and follow their processing.")
        {
            config,
            UploadCommand.Create(context, config),
            ResumeCommand.Create(context, config),
            StatusCommand.Create(context, config),
            ListCommand.Create(context, config),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Error.WriteLine($"error: {error.Message} (usage)");
            }

            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error });
    }

    /// <summary>Runs a command's body and turns whatever it throws into one error line and an exit code.</summary>
    public static async Task<int> GuardAsync(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Errors.Report(context.Error, exception);
        }
    }
}
