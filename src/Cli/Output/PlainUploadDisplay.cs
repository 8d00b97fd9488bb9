using BuildPeer.Client;

namespace BuildPeer.Cli.Output;

/// <summary>Progress as plain lines for logs: each phase change, and every tenth of the bytes acknowledged.</summary>
internal sealed class PlainUploadDisplay(TextWriter stderr) : UploadDisplay
{
    public override Task<T> ShowAsync<T>(IReadOnlyList<DisplayedFile> files, Func<IUploadBoard, Task<T>> work) =>
        work(new Board(stderr));

    private sealed class Board(TextWriter stderr) : IUploadBoard
    {
        private readonly Lock _lock = new();

        public IProgress<UploadProgress> Track(DisplayedFile file)
        {
            UploadPhase? shownPhase = null;
            var shownTenths = -1L;
            return new SyncProgress<UploadProgress>(progress =>
            {
                var tenths = progress.TotalBytes == 0 ? 10 : progress.BytesAcknowledged * 10 / progress.TotalBytes;
                lock (_lock)
                {
                    if (progress.Phase != shownPhase)
                    {
                        shownPhase = progress.Phase;
                        stderr.WriteLine($"{file.Name}: {PhaseName(progress.Phase)}");
                    }

                    if (progress.Phase == UploadPhase.Uploading && tenths > shownTenths)
                    {
                        shownTenths = tenths;
                        stderr.WriteLine($"{file.Name}: {tenths * 10}% ({ByteSize.Format(progress.BytesAcknowledged)} of {ByteSize.Format(progress.TotalBytes)})");
                    }
                }
            });
        }

        public void Finish(DisplayedFile file, string outcome, bool succeeded)
        {
            lock (_lock)
            {
                stderr.WriteLine($"{file.Name}: {outcome}");
            }
        }
    }
}
