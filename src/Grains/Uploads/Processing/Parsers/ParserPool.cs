using System.Collections.Concurrent;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Images;
using BuildPeer.Processing.Parsers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// The silo's parser worker processes, one per processing slot, each reused for many files. A worker that was killed
/// (memory, time), crashed or broke the protocol is discarded and a fresh one started in its place, so the next file
/// never meets a damaged process and a stuck one never holds a slot past its job's limit. A file whose reused worker
/// died is run once more in a fresh one, so what earlier files left in a worker is not blamed on it.
/// </summary>
public sealed partial class ParserPool(
    IOptions<ParserOptions> options,
    IOptions<ProcessingOptions> processing,
    IOptions<ImageProcessingOptions> images,
    IOptions<PdfProcessingOptions> pdfs,
    ILogger<ParserPool> logger) : IParsers, IDisposable
{
    private readonly Lock _warmGate = new();
    private readonly ConcurrentBag<ParserProcess> _idle = [];
    private readonly ConcurrentDictionary<int, ParserProcess> _all = new();
    private long _peakWorkerResident;
    private int _replaced;
    private bool _disposed;

    /// <summary>The most memory any worker has had resident, for benchmarks and operators.</summary>
    public long PeakWorkerResidentBytes => Interlocked.Read(ref _peakWorkerResident);

    /// <summary>Workers discarded after a kill, a crash or a broken answer.</summary>
    public int Replaced => Volatile.Read(ref _replaced);

    /// <summary>The worker processes alive now, busy or idle.</summary>
    internal IReadOnlyCollection<int> WorkerProcessIds => [.. _all.Keys];

    /// <summary>Starts the workers ahead of the first file, so it does not pay for the runtime's start.</summary>
    public void Warm()
    {
        lock (_warmGate)
        {
            while (!_disposed && _all.Count < processing.Value.EffectiveWorkers)
            {
                _idle.Add(Track(ParserProcess.Start(options.Value)));
            }
        }
    }

    public Task<ParserRun> ParseAsync(ContentKind kind, string inputPath, string outputDirectory, CancellationToken cancellationToken) =>
        RunAsync(new ParseRequest(kind, Path.GetFullPath(inputPath), Path.GetFullPath(outputDirectory), options.Value.TimeLimit,
            images.Value, pdfs.Value), cancellationToken);

    /// <summary>
    /// Runs one job in an idle worker (or a new one). Callers are the processing slots, so at most one job per
    /// worker runs at a time. Throws <see cref="OperationCanceledException"/> only for
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<ParserRun> RunAsync(ParseRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var worker = TakeIdle() ?? Track(ParserProcess.Start(options.Value));
        var (workerId, reused) = (worker.Id, worker.JobsAnswered > 0);
        var run = await RunInAsync(worker, request, cancellationToken);

        // A worker that parsed other files first may have died of what they left behind (a fragmented heap, a thread
        // it could no longer create under its data limit): the file gets one run in a fresh worker before it is
        // blamed. Not after a timeout, which would double the time a slow file holds its slot.
        if (run.WorkerLost && reused && run.LostCode != ErrorCodes.ProcessingTimeout)
        {
            LogRetryingInFreshWorker(workerId);
            run = await RunInAsync(Track(ParserProcess.Start(options.Value)), request, cancellationToken);
        }

        return run;
    }

    private async Task<ParserRun> RunInAsync(ParserProcess worker, ParseRequest request, CancellationToken cancellationToken)
    {
        var keep = false;
        try
        {
            var run = await worker.RunAsync(request, request.TimeLimit, cancellationToken);
            keep = worker.Usable;
            if (run.WorkerLost && _disposed)
            {
                // The pool was shut down under the job: the silo's fault, not the file's, so no loss is counted.
                throw new TransientProcessingException("The parser workers were stopped with the silo.");
            }

            if (run.WorkerLost)
            {
                LogWorkerLost(worker.Id, run.LostCode!, run.LostReason);
            }

            return run;
        }
        finally
        {
            RecordPeak(worker.PeakResidentBytes);
            if (!keep || _disposed)
            {
                Discard(worker);
            }
            else if (_all.Count > processing.Value.EffectiveWorkers)
            {
                // A second run's worker while the replacement was starting too: one slot, one worker.
                Retire(worker);
            }
            else
            {
                _idle.Add(worker);
            }
        }
    }

    private ParserProcess? TakeIdle()
    {
        while (_idle.TryTake(out var worker))
        {
            if (worker.Usable)
            {
                return worker;
            }

            Discard(worker);
        }

        return null;
    }

    private ParserProcess Track(ParserProcess worker)
    {
        _all[worker.Id] = worker;
        return worker;
    }

    private void Discard(ParserProcess worker)
    {
        _all.TryRemove(worker.Id, out _);
        worker.Dispose();
        Interlocked.Increment(ref _replaced);
        if (_disposed)
        {
            return;
        }

        // The replacement starts now, off the caller's path, so the next file finds it ready.
        _ = Task.Run(() =>
        {
            try
            {
                Warm();
            }
            catch (TransientProcessingException exception)
            {
                LogReplacementFailed(exception);
            }
        });
    }

    private void Retire(ParserProcess worker)
    {
        _all.TryRemove(worker.Id, out _);
        worker.Dispose();
    }

    private void RecordPeak(long bytes)
    {
        var peak = Interlocked.Read(ref _peakWorkerResident);
        while (bytes > peak && Interlocked.CompareExchange(ref _peakWorkerResident, bytes, peak) != peak)
        {
            peak = Interlocked.Read(ref _peakWorkerResident);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var worker in _all.Values)
        {
            worker.Dispose();
        }

        _all.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parser worker {ProcessId} was lost ({Code}): {Reason}; a new one replaces it")]
    private partial void LogWorkerLost(int processId, string code, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The file that parser worker {ProcessId} was lost on runs again in a fresh worker")]
    private partial void LogRetryingInFreshWorker(int processId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A replacement parser worker could not be started; the next file starts one")]
    private partial void LogReplacementFailed(Exception exception);
}
