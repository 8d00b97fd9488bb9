namespace BuildPeer.Grains.Storage;

/// <summary>
/// Lets a reentrant grain that changes its state in many concurrent calls persist those changes in as few writes as
/// possible: at most one write runs at a time, and every change made while it runs joins the next one. Callers
/// await the write that contains their change, so nothing is acknowledged before it is durable.
/// </summary>
/// <remarks>
/// Safe only on a grain's own scheduler (one turn at a time), which is where grains call it. A failed write fails
/// exactly the callers whose changes it carried; their changes stay in memory and go out with the next write.
/// </remarks>
public sealed class CoalescingStateWriter(Func<Task> write)
{
    private Task _lastStarted = Task.CompletedTask;
    private Task? _next;

    /// <summary>Completes when a write that includes every change made so far is durable.</summary>
    public Task WriteAsync() => _next ??= WriteAfterAsync(_lastStarted);

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The previous write's own callers saw its failure; this write carries their changes again.
        }

        // Let the turns already queued make their changes first, so they join this write.
        await Task.Yield();
        _next = null;
        var started = write();
        _lastStarted = started;
        await started;
    }
}
