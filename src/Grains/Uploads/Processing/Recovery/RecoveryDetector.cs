namespace BuildPeer.Grains.Uploads.Processing.Recovery;

/// <summary>
/// Turns a series of probes into "a dependency that was down answers again": true exactly once per outage, on the
/// first probe in which every dependency answers after one in which some did not. Probes that always pass never
/// wake anything, so retries of faults that are not outages keep their backoff.
/// </summary>
public sealed class RecoveryDetector
{
    private bool _sawOutage;

    public IReadOnlyList<string> Down { get; private set; } = [];

    /// <summary>Records one probe (the dependencies that did not answer); true when an outage just ended.</summary>
    public bool Observe(IReadOnlyList<string> down)
    {
        Down = down;
        if (down.Count > 0)
        {
            _sawOutage = true;
            return false;
        }

        var recovered = _sawOutage;
        _sawOutage = false;
        return recovered;
    }

    /// <summary>Nothing waits any more: an outage seen so far no longer concerns anyone.</summary>
    public void Reset()
    {
        _sawOutage = false;
        Down = [];
    }
}
