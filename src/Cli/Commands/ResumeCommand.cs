using System.CommandLine;
using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary><c>buildpeer resume</c>: finishes every upload an earlier run left unfinished (or gives them up).</summary>
internal static class ResumeCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the bytes are in storage; do not wait for processing." };
        var discard = new Option<bool>("--discard") { Description = "Give the interrupted uploads up instead (aborted, quota released)." };
        var command = new Command("resume", "Finish the uploads that were interrupted on this machine.") { noWait, discard };
        command.SetAction((parsed, cancellationToken) => BuildPeerCommandLine.GuardAsync(context, global.FormatOf(parsed), async () =>
        {
            var format = global.FormatOf(parsed);
            using var client = context.CreateClient(parsed.GetValue(global.Config));
            var interrupted = client.GetInterruptedUploads();
            if (interrupted.Count == 0)
            {
                if (format == OutputFormat.Json)
                {
                    JsonOutput.WriteFiles(context.Out, []);
                }
                else
                {
                    context.Error.WriteLine("Nothing to resume.");
                }

                return ExitCodes.Ok;
            }

            if (parsed.GetValue(discard))
            {
                var discarded = new List<FileOutcomeJson>();
                foreach (var upload in interrupted)
                {
                    await client.DiscardAsync(upload, cancellationToken);
                    discarded.Add(new FileOutcomeJson(upload.FilePath, upload.UploadId, UploadState.Aborted.ToWireName(), null, null));
                    if (format == OutputFormat.Text)
                    {
                        context.Out.WriteLine($"DISCARDED\t{upload.UploadId}\t{upload.FilePath}");
                    }
                }

                if (format == OutputFormat.Json)
                {
                    JsonOutput.WriteFiles(context.Out, discarded);
                }

                return ExitCodes.Ok;
            }

            var byPath = interrupted.ToDictionary(upload => upload.FilePath);
            var options = new UploadOptions { WaitForTerminalState = !parsed.GetValue(noWait) };
            return await UploadRun.RunAsync(context, format, [.. interrupted.Select(upload => new DisplayedFile(upload.FilePath, upload.Size))],
                (file, progress, token) => client.ResumeAsync(byPath[file.Path], options, progress, token), cancellationToken);
        }));
        return command;
    }
}
