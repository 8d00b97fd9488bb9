namespace BuildPeer.Gateway.Push;

/// <summary>
/// "Renew now" from the cluster connection, to the renewal loop. A separate object because the cluster client
/// resolves its connection observers while it is being built, before anything that needs the client can exist.
/// </summary>
public sealed class FeedRenewalSignal : IDisposable
{
    private readonly SemaphoreSlim _raised = new(0, 1);
    private int _resyncAll;

    /// <summary>Asks for a renewal at once; with <paramref name="resyncAll"/>, every stream resends the current state.</summary>
    public void Raise(bool resyncAll)
    {
        if (resyncAll)
        {
            Volatile.Write(ref _resyncAll, 1);
        }

        try
        {
            _raised.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised and not yet taken: one renewal serves both.
        }
    }

    /// <summary>Waits for a raise or until <paramref name="period"/> has passed; true when streams must resync.</summary>
    public async Task<bool> WaitAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        await _raised.WaitAsync(period, cancellationToken);
        return Interlocked.Exchange(ref _resyncAll, 0) == 1;
    }

    public void Dispose() => _raised.Dispose();
}
