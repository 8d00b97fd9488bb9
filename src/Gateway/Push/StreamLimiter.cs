using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// Counts the open event streams of each user on this gateway and refuses one past
/// <see cref="PushOptions.MaxStreamsPerUser"/>: every stream holds a connection, a queue and a feed subscription, so
/// one token must not be able to open them without bound.
/// </summary>
public sealed class StreamLimiter(IOptions<PushOptions> options)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A lease to dispose when the stream ends, or null when the user is at the cap.</summary>
    public IDisposable? TryAcquire(string userId)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(userId);
            if (open >= options.Value.MaxStreamsPerUser)
            {
                return null;
            }

            _open[userId] = open + 1;
        }

        return new Lease(this, userId);
    }

    /// <summary>Streams <paramref name="userId"/> has open here.</summary>
    public int OpenStreams(string userId)
    {
        lock (_open)
        {
            return _open.GetValueOrDefault(userId);
        }
    }

    private void Release(string userId)
    {
        lock (_open)
        {
            if (_open.TryGetValue(userId, out var open) && open > 1)
            {
                _open[userId] = open - 1;
            }
            else
            {
                _open.Remove(userId);
            }
        }
    }

    private sealed class Lease(StreamLimiter limiter, string userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(userId);
            }
        }
    }
}
