using System.Diagnostics;
using BuildPeer.InitiateBench.Targets;

namespace BuildPeer.InitiateBench;

/// <summary>
/// An open-loop load generator: request <c>i</c> is due at <c>origin + i / rate</c> whatever happened to the
/// requests before it, and its latency is measured from that due time, so a queue that builds up in the system
/// under test (or in the generator) shows in the latency instead of slowing the offered load down.
/// </summary>
internal sealed class OpenLoopRunner
{
    private const byte Pending = 0;
    private const byte Succeeded = 1;
    private const byte Failed = 2;
    private const byte Shed = 3;

    private readonly BenchTarget _target;
    private readonly int _rate;
    private readonly BenchOptions _options;
    private readonly TimeSpan _warmup;
    private readonly TimeSpan _duration;
    private readonly Sample[] _samples;
    private readonly Action<int> _send;
    private int _outstanding;

    public OpenLoopRunner(BenchTarget target, int rate, BenchOptions options)
        : this(target, rate, options, options.Warmup, options.Duration)
    {
    }

    /// <summary>A run with its own warm-up and window (a window of zero only warms up).</summary>
    public OpenLoopRunner(BenchTarget target, int rate, BenchOptions options, TimeSpan warmup, TimeSpan duration)
    {
        _target = target;
        _rate = rate;
        _options = options;
        _warmup = warmup;
        _duration = duration;
        _samples = new Sample[(int)Math.Ceiling(rate * (warmup + duration).TotalSeconds)];
        _send = index => _ = SendAsync(index);
    }

    /// <summary>Runs warm-up and measured window; <paramref name="onWindow"/> is told when the window opens and closes.</summary>
    public async Task<StepResult> RunAsync(Func<bool, Task> onWindow)
    {
        var frequency = (double)Stopwatch.Frequency;
        var origin = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        var windowStart = origin + (long)(_warmup.TotalSeconds * frequency);
        var windowEnd = windowStart + (long)(_duration.TotalSeconds * frequency);
        var interval = frequency / _rate;

        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                Schedule(origin, interval);
                scheduled.SetResult();
            }
            catch (Exception exception)
            {
                scheduled.SetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        scheduler.Start();

        await DelayUntilAsync(windowStart);
        await onWindow(true);
        await DelayUntilAsync(windowEnd);
        await onWindow(false);
        await scheduled.Task;

        // Let what is still in flight finish (or time out) so it is counted, and the next step starts quiet.
        var drainDeadline = Stopwatch.GetTimestamp() + (long)((_options.RequestTimeout.TotalSeconds + 2) * frequency);
        while (Volatile.Read(ref _outstanding) > 0 && Stopwatch.GetTimestamp() < drainDeadline)
        {
            await Task.Delay(20);
        }

        return Analyse(windowStart, windowEnd);
    }

    private void Schedule(long origin, double interval)
    {
        for (var i = 0; i < _samples.Length; i++)
        {
            var due = origin + (long)(i * interval);
            WaitUntil(due);
            _samples[i].Due = due;
            if (Interlocked.Increment(ref _outstanding) > _options.MaxOutstanding)
            {
                Interlocked.Decrement(ref _outstanding);
                _samples[i].Outcome = Shed;
                continue;
            }

            ThreadPool.UnsafeQueueUserWorkItem(_send, i, preferLocal: false);
        }
    }

    /// <summary>
    /// Sleeps until the request is due (<see cref="PreciseSleep"/>): never spins a core that the system under test
    /// needs, and is late by the kernel's timer slack at most unless the machine is saturated (reported as lag).
    /// </summary>
    private static void WaitUntil(long due)
    {
        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var remaining && remaining > TimeSpan.Zero)
        {
            PreciseSleep.For(remaining);
        }
    }

    private async Task SendAsync(int index)
    {
        _samples[index].Start = Stopwatch.GetTimestamp();
        string? error;
        try
        {
            error = await _target.SendAsync();
        }
        catch (Exception exception)
        {
            error = Describe(exception);
        }

        _samples[index].End = Stopwatch.GetTimestamp();
        _samples[index].Error = error;
        _samples[index].Outcome = error is null ? Succeeded : Failed;
        Interlocked.Decrement(ref _outstanding);
    }

    private static string Describe(Exception exception) => exception switch
    {
        TaskCanceledException or TimeoutException => "timeout",
        HttpRequestException http => $"http: {http.HttpRequestError}",
        AggregateException { InnerException: { } inner } => Describe(inner),
        _ => exception.GetType().Name,
    };

    private static async Task DelayUntilAsync(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    private StepResult Analyse(long windowStart, long windowEnd)
    {
        var latencies = new List<double>(_samples.Length);
        var lags = new List<double>(_samples.Length);
        var fromSend = new List<double>(_samples.Length);
        var bucketCount = Math.Max(1, (int)Math.Ceiling(_duration.TotalSeconds / StepResult.BucketSeconds));
        var buckets = Enumerable.Range(0, bucketCount).Select(_ => new List<double>()).ToArray();
        var errorKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long offered = 0, errors = 0, succeededInWindow = 0;
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        var ticksPerBucket = Stopwatch.Frequency * StepResult.BucketSeconds;

        foreach (var sample in _samples)
        {
            var outcome = sample.Outcome;
            if (outcome == Succeeded && sample.End >= windowStart && sample.End < windowEnd)
            {
                succeededInWindow++;
            }

            if (sample.Due < windowStart || sample.Due >= windowEnd)
            {
                continue;
            }

            offered++;
            var error = outcome switch
            {
                Pending => "unfinished",
                Shed => "shed (too many outstanding)",
                Failed => sample.Error ?? "failed",
                _ => null,
            };
            if (error is not null)
            {
                errors++;
                errorKinds[error] = errorKinds.GetValueOrDefault(error) + 1;
            }

            if (outcome is Pending or Shed)
            {
                continue;
            }

            var latency = (sample.End - sample.Due) / ticksPerMs;
            latencies.Add(latency);
            lags.Add((sample.Start - sample.Due) / ticksPerMs);
            fromSend.Add((sample.End - sample.Start) / ticksPerMs);
            buckets[Math.Min(bucketCount - 1, (int)((sample.Due - windowStart) / ticksPerBucket))].Add(latency);
        }

        return new StepResult
        {
            Target = _target.Name,
            Rate = _rate,
            Offered = offered,
            Achieved = _duration > TimeSpan.Zero ? succeededInWindow / _duration.TotalSeconds : double.NaN,
            Latency = Percentiles.Of(latencies),
            Lag = Percentiles.Of(lags),
            FromSend = Percentiles.Of(fromSend),
            BucketP95 = buckets.Select(bucket => Percentiles.Of(bucket).P95).ToList(),
            Errors = errors,
            ErrorKinds = errorKinds,
        };
    }

    private struct Sample
    {
        public long Due;
        public long Start;
        public long End;
        public byte Outcome;
        public string? Error;
    }
}
