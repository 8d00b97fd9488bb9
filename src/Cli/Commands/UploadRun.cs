using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary>
/// Uploads (or resumes) several files under one display, a few at a time; one file's failure does not stop the
/// others. Prints one result line per file on stdout (<c>STATE  uploadId  path</c>) and one error line per failed
/// file on stderr; the exit code is the worst of the files'.
/// </summary>
internal static class UploadRun
{
    // Files in flight at once; each sends its parts in parallel as well.
    private const int FilesAtOnce = 2;

    public delegate Task<UploadResult> UploadOne(DisplayedFile file, IProgress<UploadProgress> progress, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(CliContext context, IReadOnlyList<DisplayedFile> files, UploadOne upload,
        CancellationToken cancellationToken)
    {
        var display = UploadDisplay.For(context.Error, context.ErrorRedirected);
        var outcomes = await display.ShowAsync(files, async board =>
        {
            var results = new (UploadResult? Result, Exception? Error)[files.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = FilesAtOnce };
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), parallel, async (index, _) =>
            {
                var file = files[index];
                try
                {
                    var result = await upload(file, board.Track(file), cancellationToken);
                    results[index] = (result, null);
                    board.Finish(file, result.Status.State.ToWireName(), result.Status.State is UploadState.Completed
                        || !result.Status.IsTerminal);
                }
                catch (Exception exception) when (exception is BuildPeerException or OperationCanceledException or IOException)
                {
                    results[index] = (null, exception);
                    board.Finish(file, exception is OperationCanceledException ? "interrupted" : "error", succeeded: false);
                }
            });
            return results;
        });

        var exitCode = ExitCodes.Ok;
        foreach (var (file, (result, error)) in files.Zip(outcomes))
        {
            if (error is OperationCanceledException)
            {
                exitCode = ExitCodes.Worst(exitCode, ExitCodes.Interrupted);
            }
            else if (error is not null)
            {
                exitCode = ExitCodes.Worst(exitCode, Errors.Report(context.Error, error, file.Name));
            }
            else if (result is not null)
            {
                context.Out.WriteLine($"{result.Status.State.ToWireName()}\t{result.UploadId}\t{file.Path}");
                if (result.Status.IsTerminal && result.Status.State != UploadState.Completed)
                {
                    var reason = result.Status.Error ?? "no reason given";
                    context.Error.WriteLine($"error: {file.Name}: processing ended {result.Status.State.ToWireName()}: {reason} ({result.Status.ErrorCode ?? ErrorCodes.NotCompleted})");
                    exitCode = ExitCodes.Worst(exitCode, ExitCodes.NotCompleted);
                }
            }
        }

        if (exitCode == ExitCodes.Interrupted)
        {
            context.Error.WriteLine("error: interrupted; run the same command again to resume (interrupted)");
        }

        return exitCode;
    }
}
