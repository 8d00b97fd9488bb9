using BuildPeer.Client.Gateway;
using BuildPeer.Client.Gateway.Wire;

namespace BuildPeer.Client.Uploads;

/// <summary>
/// The current presigned URL of every part. When one part finds its URL expired, every part still to send gets a
/// fresh URL in one gateway call (they were all signed together, so they all expired together); parts that find
/// their URL expired meanwhile see it was already replaced and do not call again.
/// </summary>
internal sealed class PartUrlBook(GatewayApi api, Guid uploadId, Func<IReadOnlyCollection<int>> partsStillToSend) : IDisposable
{
    // The gateway takes any number of parts in one call; batches keep one request and its answer reasonably small.
    private const int MaxPartsPerRefresh = 1000;

    private readonly Dictionary<int, Uri> _urls = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public void Add(IEnumerable<PartUrlWire> parts)
    {
        lock (_urls)
        {
            foreach (var part in parts)
            {
                _urls[part.PartNumber] = part.Url;
            }
        }
    }

    public async ValueTask<Uri> GetAsync(int partNumber, CancellationToken cancellationToken)
    {
        if (TryGet(partNumber) is { } url)
        {
            return url;
        }

        await RefreshAsync(partNumber, stale: null, cancellationToken);
        return TryGet(partNumber)
            ?? throw new BuildPeerException(ErrorCodes.UnexpectedResponse, "The gateway answered no URL for a part.",
                $"Part {partNumber} of upload {uploadId} was not in the re-signed parts.");
    }

    /// <summary>Signs again unless <paramref name="stale"/> has already been replaced by another part's refresh.</summary>
    /// <returns>Whether this call asked the gateway.</returns>
    public async Task<bool> RefreshAsync(int partNumber, Uri? stale, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var current = TryGet(partNumber);
            if (current is not null && !ReferenceEquals(current, stale))
            {
                return false;
            }

            var wanted = partsStillToSend().Append(partNumber).Distinct().Order().ToList();
            foreach (var batch in wanted.Chunk(MaxPartsPerRefresh))
            {
                var fresh = await api.RefreshPartsAsync(uploadId, batch, cancellationToken);
                Add(fresh.Parts ?? []);
            }

            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private Uri? TryGet(int partNumber)
    {
        lock (_urls)
        {
            return _urls.GetValueOrDefault(partNumber);
        }
    }
}
