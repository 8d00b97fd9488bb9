using BuildPeer.Client.Gateway.Wire;
using BuildPeer.Client.Resume;
using Microsoft.Win32.SafeHandles;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// Sends the parts storage has not acknowledged yet, several at a time, each read from the file as it is sent; records
/// every acknowledged part in the resume state before it counts as progress; then asks the gateway to complete.
/// </summary>
internal sealed class MultipartTransfer(UploadServices services, UploadStateDocument state, ProgressTracker progress, TransferCounters counters)
{
    private readonly Lock _stateLock = new();

    public async Task<UploadStatusWire> RunAsync(IReadOnlyList<PartUrlWire>? initialUrls, CancellationToken cancellationToken)
    {
        var uploadId = state.UploadId!.Value;
        using var urls = new PartUrlBook(services.Api, uploadId, StillToSend);
        urls.Add(initialUrls ?? []);
        using (var file = LocalFile.OpenForParts(state.FilePath))
        {
            var put = new RetryingPut(services, counters);
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = services.Options.MaxConcurrentParts,
                CancellationToken = cancellationToken,
            };
            await Parallel.ForEachAsync(StillToSend(), parallel, async (partNumber, token) =>
            {
                var eTag = await SendPartAsync(put, urls, file, partNumber, token);
                Acknowledge(partNumber, eTag);
            });
        }

        progress.Enter(UploadPhase.Completing);
        return await services.Api.CompleteAsync(uploadId, Completed(), cancellationToken);
    }

    private Task<string> SendPartAsync(RetryingPut put, PartUrlBook urls, SafeFileHandle file, int partNumber, CancellationToken cancellationToken) =>
        put.SendAsync(
            $"part {partNumber}",
            token => urls.GetAsync(partNumber, token),
            () => new FileSegmentContent(file, (partNumber - 1) * state.PartSize, state.PartLength(partNumber), counters.BytesSent),
            async (stale, token) =>
            {
                if (await urls.RefreshAsync(partNumber, stale, token))
                {
                    counters.UrlRefresh();
                }
            },
            cancellationToken);

    /// <summary>Saved before it is reported: a part the progress counts is a part a restart will not send again.</summary>
    private void Acknowledge(int partNumber, string eTag)
    {
        lock (_stateLock)
        {
            state.CompletedParts[partNumber] = eTag;
            services.Store.Save(state);
        }

        progress.Acknowledge(state.PartLength(partNumber));
    }

    private List<int> StillToSend()
    {
        lock (_stateLock)
        {
            return [.. Enumerable.Range(1, state.PartCount).Where(partNumber => !state.CompletedParts.ContainsKey(partNumber))];
        }
    }

    private List<CompletedPartWire> Completed()
    {
        lock (_stateLock)
        {
            return [.. state.CompletedParts.Select(part => new CompletedPartWire(part.Key, part.Value))];
        }
    }
}
