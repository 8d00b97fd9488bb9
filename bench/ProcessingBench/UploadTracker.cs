using System.Diagnostics;

namespace BuildPeer.ProcessingBench;

/// <summary>How the bench learnt a status: from the project's event stream, or by asking for it.</summary>
internal enum StatusSource
{
    Push,
    Poll,
}

/// <summary>One photo of the end-to-end run: its URL, its status as last learnt, and when things happened.</summary>
internal sealed class Upload(Guid id, Uri url)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid Id { get; } = id;
    public Uri Url { get; } = url;

    /// <summary>PENDING, UPLOADED, PROCESSING, a terminal status, or PUT-FAILED (the bench's own).</summary>
    public string Status { get; set; } = "PENDING";

    /// <summary>The highest state version an event carried (status bodies carry none).</summary>
    public int Version { get; set; } = -1;

    public TimeSpan? PutStarted { get; set; }
    public TimeSpan? PutDone { get; set; }
    public DateTimeOffset? PutDoneAt { get; set; }

    /// <summary>When the event stream last said anything about this upload, a repeat included.</summary>
    public TimeSpan? LastPushed { get; set; }

    public TimeSpan? SeenTerminal { get; set; }
    public StatusSource? SeenTerminalBy { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>Completes once the upload is terminal or its PUT failed.</summary>
    public Task Ended => _ended.Task;

    public void End() => _ended.TrySetResult();
}

/// <summary>
/// The run's uploads by id, updated from the event stream and from status requests alike (one lock per upload),
/// with how many statuses each way brought.
/// </summary>
internal sealed class UploadTracker
{
    private static readonly string[] _inFlight = ["PENDING", "UPLOADED", "PROCESSING"];

    private readonly Dictionary<Guid, Upload> _byId;
    private readonly Stopwatch _clock;
    private long _lastChangeTicks;
    private int _pushed;
    private int _pushedTerminal;
    private int _polled;
    private int _polledTerminal;
    private int _statusRequests;
    private int _connections;

    public UploadTracker(IReadOnlyList<Upload> uploads, Stopwatch clock)
    {
        _byId = uploads.ToDictionary(u => u.Id);
        _clock = clock;
    }

    /// <summary>When any upload last changed status (run clock).</summary>
    public TimeSpan LastChange => TimeSpan.FromTicks(Interlocked.Read(ref _lastChangeTicks));

    /// <summary>Status changes (of them terminal) learnt from the event stream.</summary>
    public (int Changes, int Terminal) Pushed => (Volatile.Read(ref _pushed), Volatile.Read(ref _pushedTerminal));

    /// <summary>Status changes (of them terminal) learnt from status requests.</summary>
    public (int Changes, int Terminal) Polled => (Volatile.Read(ref _polled), Volatile.Read(ref _polledTerminal));

    public int StatusRequests => Volatile.Read(ref _statusRequests);

    public int Connections => Volatile.Read(ref _connections);

    public static bool InFlight(string status) => _inFlight.Contains(status);

    public void StreamOpened() => Interlocked.Increment(ref _connections);

    public void StatusRequested() => Interlocked.Increment(ref _statusRequests);

    /// <summary>
    /// Takes <paramref name="report"/> unless its upload is not this run's, is terminal already (the bench
    /// reprocesses nothing), or the report is an event no newer than one already taken.
    /// </summary>
    public void Apply(StatusReport report, StatusSource source)
    {
        if (!_byId.TryGetValue(report.UploadId, out var upload))
        {
            return;
        }

        lock (upload)
        {
            var now = _clock.Elapsed;
            if (source == StatusSource.Push)
            {
                upload.LastPushed = now;
            }

            if (!InFlight(upload.Status) || report.Version <= upload.Version)
            {
                return;
            }

            upload.Version = report.Version ?? upload.Version;
            if (report.Status == upload.Status)
            {
                return;
            }

            upload.Status = report.Status;
            Interlocked.Exchange(ref _lastChangeTicks, now.Ticks);
            var terminal = !InFlight(report.Status);
            Interlocked.Increment(ref source == StatusSource.Push ? ref _pushed : ref _polled);
            if (terminal)
            {
                Interlocked.Increment(ref source == StatusSource.Push ? ref _pushedTerminal : ref _polledTerminal);
                upload.SeenTerminal = now;
                upload.SeenTerminalBy = source;
                upload.ProcessedAt = report.ProcessedAt;
                upload.Error = report.Failure;
                upload.End();
            }
        }
    }

    /// <summary>Records that the PUT answered; a refused PUT ends the upload (its status stays PENDING).</summary>
    public void PutAnswered(Upload upload, bool succeeded)
    {
        lock (upload)
        {
            upload.PutDone = _clock.Elapsed;
            upload.PutDoneAt = DateTimeOffset.UtcNow;
            if (!succeeded)
            {
                upload.Status = "PUT-FAILED";
                upload.End();
            }
        }
    }

    /// <summary>
    /// Whether a status request should ask about <paramref name="upload"/>: PUT, not terminal, and (with
    /// <paramref name="quietFor"/>) not heard of by push for that long since its PUT answered.
    /// </summary>
    public bool Open(Upload upload, TimeSpan? quietFor = null)
    {
        lock (upload)
        {
            if (upload.PutDone is not { } putDone || !InFlight(upload.Status))
            {
                return false;
            }

            var heard = upload.LastPushed is { } pushed && pushed > putDone ? pushed : putDone;
            return quietFor is not { } quiet || _clock.Elapsed - heard >= quiet;
        }
    }

    /// <summary>Every upload terminal or failed to PUT.</summary>
    public bool AllEnded() => _byId.Values.All(u => u.Ended.IsCompleted);
}
