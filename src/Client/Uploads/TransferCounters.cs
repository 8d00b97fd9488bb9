namespace BuildPeer.Client.Uploads;

/// <summary>What one run's transfer cost; parts run in parallel, so every count is atomic.</summary>
internal sealed class TransferCounters
{
    private int _partsSent;
    private int _retries;
    private int _urlRefreshes;
    private long _bytesSent;

    public void PartSent() => Interlocked.Increment(ref _partsSent);

    public void Retry() => Interlocked.Increment(ref _retries);

    public void UrlRefresh() => Interlocked.Increment(ref _urlRefreshes);

    public void BytesSent(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public TransferStatistics Snapshot() => new(Volatile.Read(ref _partsSent), Volatile.Read(ref _retries),
        Volatile.Read(ref _urlRefreshes), Interlocked.Read(ref _bytesSent));
}
