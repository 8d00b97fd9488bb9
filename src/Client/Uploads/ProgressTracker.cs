namespace BuildPeer.Client.Uploads;

/// <summary>
/// The one place a file's progress is reported from: acknowledged bytes only grow and phases only move forward,
/// and reports leave in that order because they are made under one lock.
/// </summary>
internal sealed class ProgressTracker(IProgress<UploadProgress>? sink, string filePath, long totalBytes)
{
    private readonly Lock _lock = new();
    private long _acknowledged;
    private UploadPhase _phase;
    private Guid? _uploadId;

    public long Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged;
            }
        }
    }

    public void Enter(UploadPhase phase, Guid? uploadId = null)
    {
        lock (_lock)
        {
            _phase = phase > _phase ? phase : _phase;
            _uploadId = uploadId ?? _uploadId;
            Report();
        }
    }

    /// <summary>Bytes acknowledged before this process: a resumed upload starts from them, not from zero.</summary>
    public void Restore(long acknowledgedBefore)
    {
        lock (_lock)
        {
            _acknowledged = Math.Max(_acknowledged, Math.Min(acknowledgedBefore, totalBytes));
            Report();
        }
    }

    public void Acknowledge(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_lock)
        {
            _acknowledged = Math.Min(_acknowledged + bytes, totalBytes);
            Report();
        }
    }

    private void Report() => sink?.Report(new UploadProgress(filePath, _uploadId, _phase, _acknowledged, totalBytes));
}
