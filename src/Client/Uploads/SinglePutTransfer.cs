using BuildPeer.Client.Resume;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// A file small enough for one PUT, with the headers the gateway signed into its URL: the content type and
/// <c>If-None-Match: *</c> (storage refuses to replace the object, so a retry after a lost answer gets 412: done).
/// </summary>
internal sealed class SinglePutTransfer(UploadServices services, UploadStateDocument state, ProgressTracker progress, TransferCounters counters)
{
    public async Task RunAsync(Uri url, CancellationToken cancellationToken)
    {
        using var file = LocalFile.OpenForParts(state.FilePath);
        await new RetryingPut(services, counters).SendAsync(
            "the file",
            _ => ValueTask.FromResult(url),
            () =>
            {
                var content = new FileSegmentContent(file, 0, state.Size, counters.BytesSent);
                // Exactly the string that was signed: a parsed and re-formatted media type could differ from it.
                content.Headers.TryAddWithoutValidation("Content-Type", state.ContentType);
                return content;
            },
            resign: null,
            cancellationToken,
            writeOnce: true);
        progress.Acknowledge(state.Size);
    }
}
