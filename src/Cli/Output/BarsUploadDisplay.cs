using BuildPeer.Client;
using Spectre.Console;

namespace BuildPeer.Cli.Output;

/// <summary>Spectre.Console progress bars: one per file and an overall one, in acknowledged bytes.</summary>
internal sealed class BarsUploadDisplay(IAnsiConsole console) : UploadDisplay
{
    public override Task<T> ShowAsync<T>(IReadOnlyList<DisplayedFile> files, Func<IUploadBoard, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(context => work(new Board(context, files)));

    private sealed class Board : IUploadBoard
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, ProgressTask> _tasks = [];
        private readonly Dictionary<string, long> _acknowledged = [];
        private readonly ProgressTask _overall;

        public Board(ProgressContext context, IReadOnlyList<DisplayedFile> files)
        {
            foreach (var file in files)
            {
                _tasks[file.Path] = context.AddTask(Describe(file, "waiting"), maxValue: Math.Max(file.Size, 1));
                _acknowledged[file.Path] = 0;
            }

            _overall = context.AddTask(files.Count == 1 ? "[bold]total[/]" : $"[bold]total ({files.Count} files)[/]",
                maxValue: Math.Max(files.Sum(file => file.Size), 1));
        }

        public IProgress<UploadProgress> Track(DisplayedFile file) => new SyncProgress<UploadProgress>(progress =>
        {
            lock (_lock)
            {
                var task = _tasks[file.Path];
                task.Description = Describe(file, PhaseName(progress.Phase));
                task.Value = progress.BytesAcknowledged;
                _acknowledged[file.Path] = progress.BytesAcknowledged;
                _overall.Value = _acknowledged.Values.Sum();
            }
        });

        public void Finish(DisplayedFile file, string outcome, bool succeeded)
        {
            lock (_lock)
            {
                var task = _tasks[file.Path];
                task.Description = $"{Markup.Escape(file.Name)} [{(succeeded ? "green" : "red")}]{Markup.Escape(outcome)}[/]";
                task.StopTask();
                if (_tasks.Values.All(each => each.IsFinished))
                {
                    _overall.StopTask();
                }
            }
        }

        private static string Describe(DisplayedFile file, string phase) => $"{Markup.Escape(file.Name)} [grey]{phase}[/]";
    }
}
