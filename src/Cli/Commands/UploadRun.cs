using BuildPeer.Cli.Output;
using BuildPeer.Client;

namespace BuildPeer.Cli.Commands;

/// <summary>
/// Uploads (or resumes) several files under one display, a few at a time; one file's failure does not stop the
/// others. Prints one result line per file on stdout (<c>STATE  uploadId  path</c>) and one error line per failed
/// file on stderr (with <c>--json</c>, one document listing every file); the exit code is the worst of the files'.
/// </summary>
internal static class UploadRun
{
    // Files in flight at once; each sends its parts in parallel as well.
    private const int FilesAtOnce = 2;

    public delegate Task<UploadResult> UploadOne(DisplayedFile file, IProgress<UploadProgress> progress, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(CliContext context, OutputFormat format, IReadOnlyList<DisplayedFile> files,
        UploadOne upload, CancellationToken cancellationToken)
    {
        // Scripts asking for JSON get no progress: stderr is kept for errors they can parse.
        var display = format == OutputFormat.Json
            ? new PlainUploadDisplay(TextWriter.Null)
            : UploadDisplay.For(context.Error, context.ErrorRedirected, context.NoColor);
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
        var report = new List<FileOutcomeJson>(files.Count);
        foreach (var (file, (result, error)) in files.Zip(outcomes))
        {
            if (error is not null)
            {
                exitCode = ExitCodes.Worst(exitCode, Errors.ExitCodeOf(error));
                var problems = Errors.Describe(error, file.Name).ToList();
                report.Add(new FileOutcomeJson(file.Path, null, null, null, ErrorJson.Of(problems[0])));
                if (format == OutputFormat.Text && error is not OperationCanceledException)
                {
                    problems.ForEach(problem => context.Error.WriteLine(problem.ToLine()));
                }
            }
            else if (result is not null)
            {
                var status = result.Status;
                var notCompleted = status.IsTerminal && status.State != UploadState.Completed
                    ? new CliError(file.Name, $"processing ended {status.State.ToWireName()}: {status.Error ?? "no reason given"}",
                        status.ErrorCode ?? ErrorCodes.NotCompleted)
                    : null;
                report.Add(new FileOutcomeJson(file.Path, result.UploadId, status.State.ToWireName(),
                    status.ThumbnailUrl?.AbsoluteUri, notCompleted is null ? null : ErrorJson.Of(notCompleted)));
                if (format == OutputFormat.Text)
                {
                    context.Out.WriteLine($"{status.State.ToWireName()}\t{result.UploadId}\t{file.Path}");
                    if (notCompleted is not null)
                    {
                        context.Error.WriteLine(notCompleted.ToLine());
                    }
                }

                if (notCompleted is not null)
                {
                    exitCode = ExitCodes.Worst(exitCode, ExitCodes.NotCompleted);
                }
            }
        }

        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteFiles(context.Out, report);
        }
        else if (exitCode == ExitCodes.Interrupted)
        {
            context.Error.WriteLine("error: interrupted; run the same command again to resume (interrupted)");
        }

        return exitCode;
    }
}
