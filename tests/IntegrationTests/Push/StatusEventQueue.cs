using System.Threading.Channels;

namespace BuildPeer.IntegrationTests.Push;

/// <summary>
/// Status messages as one client received them (an event stream, a hub connection), in order; a test takes them one
/// by one or per upload, and messages about other uploads wait for their own calls.
/// </summary>
public sealed class StatusEventQueue(string endedBy)
{
    private readonly Channel<StatusEvent> _events = Channel.CreateUnbounded<StatusEvent>();
    private readonly List<StatusEvent> _unclaimed = [];

    public void Add(StatusEvent status) => _events.Writer.TryWrite(status);

    /// <summary>No more will come: waiting for one fails at once.</summary>
    public void Complete() => _events.Writer.TryComplete();

    /// <summary>The next status message, within <paramref name="timeout"/>.</summary>
    public async Task<StatusEvent> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No status message within {timeout.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"No more status messages: {endedBy}.");
        }
    }

    /// <summary>
    /// Messages about <paramref name="uploadId"/> until one satisfies <paramref name="last"/>, that one included.
    /// Messages about other uploads stay for their own calls.
    /// </summary>
    public async Task<IReadOnlyList<StatusEvent>> UntilAsync(Guid uploadId, Func<StatusEvent, bool> last, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var seen = new List<StatusEvent>();
        while (true)
        {
            var next = _unclaimed.Find(candidate => candidate.UploadId == uploadId);
            if (next is not null)
            {
                _unclaimed.Remove(next);
            }
            else
            {
                var remaining = deadline - DateTimeOffset.UtcNow;
                try
                {
                    next = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"Upload {uploadId} did not get there within {timeout.TotalSeconds} s; seen: {string.Join("; ", seen)}");
                }

                if (next.UploadId != uploadId)
                {
                    _unclaimed.Add(next);
                    continue;
                }
            }

            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }
    }

    /// <summary>Whatever arrives within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<StatusEvent>> DrainAsync(TimeSpan window)
    {
        var seen = new List<StatusEvent>();
        try
        {
            while (true)
            {
                seen.Add(await NextAsync(window));
            }
        }
        catch (TimeoutException)
        {
            return seen;
        }
    }
}
