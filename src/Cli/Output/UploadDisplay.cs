using BuildPeer.Client;
using Spectre.Console;

namespace BuildPeer.Cli.Output;

/// <summary>
/// How uploads show their progress on stderr (stdout is kept for results): a bar per file and an overall bar on a
/// terminal, plain lines when stderr is redirected (CI logs), where redrawn bars would be noise.
/// </summary>
internal abstract class UploadDisplay
{
    public static UploadDisplay For(TextWriter stderr, bool redirected, bool noColor)
    {
        var console = CreateConsole(stderr, noColor);
        return redirected || !console.Profile.Capabilities.Interactive
            ? new PlainUploadDisplay(stderr)
            : new BarsUploadDisplay(console);
    }

    /// <summary>
    /// The console the bars draw on. Colours follow <paramref name="noColor"/> (the command's own NO_COLOR reading),
    /// not only Spectre's look at the process environment, so what the command was given is what it does.
    /// </summary>
    public static IAnsiConsole CreateConsole(TextWriter stderr, bool noColor, InteractionSupport interactive = InteractionSupport.Detect,
        AnsiSupport ansi = AnsiSupport.Detect) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = interactive,
            Ansi = ansi,
        });

    public abstract Task<T> ShowAsync<T>(IReadOnlyList<DisplayedFile> files, Func<IUploadBoard, Task<T>> work);

    public static string PhaseName(UploadPhase phase) => phase switch
    {
        UploadPhase.Preparing => "preparing",
        UploadPhase.Uploading => "uploading",
        UploadPhase.Completing => "completing",
        UploadPhase.Processing => "processing",
        _ => "done",
    };
}

/// <summary>A file being uploaded, as the display names it.</summary>
internal sealed record DisplayedFile(string Path, long Size)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>Where one command's uploads report; thread-safe, reports arrive from parallel uploads.</summary>
internal interface IUploadBoard
{
    /// <summary>A synchronous sink for the file's progress (not <see cref="Progress{T}"/>, which may reorder).</summary>
    IProgress<UploadProgress> Track(DisplayedFile file);

    void Finish(DisplayedFile file, string outcome, bool succeeded);
}

internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}

/// <summary>Calls a delegate synchronously, in the order of the reports.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
