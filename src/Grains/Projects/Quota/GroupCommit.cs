namespace BuildPeer.Grains.Projects.Quota;

/// <summary>
/// One write at a time, and everything enlisted while it runs goes out together in the next one: under load the
/// number of writes follows the database's latency, not the number of callers. Each caller's task completes when
/// the write carrying its items is durable, or fails with that write's exception (all of that batch alike).
/// Not thread-safe: a grain calls it from its own turns only, which never run in parallel.
/// </summary>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> write)
{
    private List<T> _open = [];
    private TaskCompletionSource _openDone = NewBatch();
    private bool _writing;

    /// <summary>Writes in flight or waiting; for tests and diagnostics.</summary>
    public bool Idle => !_writing && _open.Count == 0;

    /// <summary>Adds <paramref name="items"/> to the next write (starting it when none is in flight).</summary>
    public Task Enlist(IEnumerable<T> items)
    {
        _open.AddRange(items);
        var done = _openDone.Task;
        if (!_writing)
        {
            _ = DrainAsync();
        }

        return done;
    }

    private async Task DrainAsync()
    {
        _writing = true;
        try
        {
            while (_open.Count > 0)
            {
                var batch = _open;
                var done = _openDone;
                _open = [];
                _openDone = NewBatch();
                try
                {
                    await write(batch);
                    done.SetResult();
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
