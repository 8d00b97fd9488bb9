using System.CommandLine;
using BuildPeer.Cli.Files;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary><c>buildpeer upload &lt;files or globs&gt; --project &lt;id&gt;</c>: resumes what an earlier run left unfinished.</summary>
internal static class UploadCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var paths = new Argument<string[]>("files") { Description = "Files, folders or globs (\"site/**/*.jpg\").", Arity = ArgumentArity.OneOrMore };
        var project = new Option<string>("--project", "-p") { Description = "The project to upload to.", Required = true };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Parts of one file sent at once.", DefaultValueFactory = _ => 4 };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the bytes are in storage; do not wait for processing." };
        var noResume = new Option<bool>("--no-resume") { Description = "Start afresh even if an earlier upload of a file was interrupted." };
        var contentType = new Option<string?>("--content-type") { Description = "Declare this content type instead of the one the extension calls for." };

        var command = new Command("upload", "Upload files to a project, with a progress bar per file.")
        {
            paths, project, concurrency, noWait, noResume, contentType,
        };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 32)
            {
                result.AddError("--concurrency must be between 1 and 32.");
            }
        });
        command.SetAction((parsed, cancellationToken) => BuildPeerCommandLine.GuardAsync(context, global.FormatOf(parsed), async () =>
        {
            var files = FileArguments.Expand(parsed.GetValue(paths)!, context.WorkingDirectory)
                .Select(path => new DisplayedFile(path, new FileInfo(path).Length))
                .ToList();
            using var client = context.CreateClient(parsed.GetValue(global.Config), parsed.GetValue(concurrency));
            var options = new UploadOptions
            {
                WaitForTerminalState = !parsed.GetValue(noWait),
                Resume = !parsed.GetValue(noResume),
                ContentType = parsed.GetValue(contentType),
            };
            var projectId = parsed.GetValue(project)!;
            return await UploadRun.RunAsync(context, global.FormatOf(parsed), files, (file, progress, token) =>
                client.UploadFileAsync(file.Path, projectId, options, progress, token), cancellationToken);
        }));
        return command;
    }
}
