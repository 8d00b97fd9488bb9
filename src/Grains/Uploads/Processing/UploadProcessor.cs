using System.Diagnostics;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Telemetry;
using BuildPeer.Grains.Uploads.Initiation.Validation;
using BuildPeer.Grains.Uploads.Processing.Parsers;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.Processing;
using BuildPeer.Processing.Content;
using BuildPeer.Processing.Documents;
using BuildPeer.Processing.Parsers;
using BuildPeer.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing;

/// <summary>
/// One attempt at one upload, start to finish, on a worker-pool thread: the cheap checks, one streaming pass that
/// scans, hashes and saves the bytes, then the file parsed in a worker process (<see cref="IParsers"/>), then its
/// outputs stored. The silo itself never runs a parser of untrusted bytes. Every way it can end becomes a
/// <see cref="ProcessingOutcome"/>; it never throws.
/// </summary>
public sealed partial class UploadProcessor(
    IProcessingStorage storage,
    ContentSpooler spooler,
    IParsers parsers,
    IDuplicateFinder duplicates,
    IOptions<ProcessingOptions> options,
    ILogger<UploadProcessor> logger)
{
    private const string JpegType = "image/jpeg";
    private const string TextType = "text/plain; charset=utf-8";

    public async Task<ProcessingOutcome> ProcessAsync(ProcessingJob job, CancellationToken cancellationToken)
    {
        using var scope = UploadLogScope.Begin(logger, job.UploadId, job.TenantId, job.ProjectId);
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.TimeLimit);
        var progress = new AttemptProgress();
        try
        {
            var outcome = await RunAsync(job, progress, limit.Token);
            return outcome.Result is { } result
                ? outcome with { Result = result with { Duration = Stopwatch.GetElapsedTime(started) } }
                : outcome;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !progress.ContentChecked)
        {
            // Still reading or scanning: storage or the scanner is slow or hanging, which the next attempt may not be.
            return ProcessingOutcome.Retry($"Reading and scanning the file did not finish within {options.Value.TimeLimit}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The file's own work (decoding, parsing) took too long: the file, not the weather.
            return ProcessingOutcome.Failed(ErrorCodes.ProcessingTimeout,
                $"Processing took longer than the limit of {options.Value.TimeLimit}.");
        }
        catch (OperationCanceledException)
        {
            return ProcessingOutcome.Retry("The silo stopped during processing.");
        }
        catch (ProcessingFailedException failure)
        {
            return ProcessingOutcome.Failed(failure.Code, failure.Message);
        }
        catch (TransientProcessingException transient)
        {
            LogTransient(transient, job.UploadId, job.Attempt);
            return ProcessingOutcome.Retry(transient.Message);
        }
        catch (Exception unexpected)
        {
            // A fault of ours, not of the file: retried like a dependency, and FAILED with its trace if it persists.
            LogUnexpected(unexpected, job.UploadId, job.Attempt);
            return ProcessingOutcome.Retry($"Unexpected error: {unexpected.GetType().Name}: {unexpected.Message}");
        }
        finally
        {
            if (progress.TempFile is not null)
            {
                TryDelete(progress.TempFile);
            }

            if (progress.OutputDirectory is not null)
            {
                TryDeleteDirectory(progress.OutputDirectory);
            }
        }
    }

    private async Task<ProcessingOutcome> RunAsync(ProcessingJob job, AttemptProgress progress, CancellationToken cancellationToken)
    {
        var kind = job.ExpectedKind;
        SpooledContent pass;
        using (ProcessingStep.Start(ProcessingStep.Scan, kind))
        {
            await using var stored = await storage.OpenAsync(job.Key, job.ETag, cancellationToken)
                ?? throw new TransientProcessingException($"The object {job.Key} is not in storage (yet).");
            if (stored.Length != job.DeclaredSize)
            {
                return ProcessingOutcome.Failed(ErrorCodes.SizeMismatch,
                    $"The stored object is {stored.Length} bytes; {job.DeclaredSize} were declared.");
            }

            pass = await spooler.SpoolAsync(stored.Content, cancellationToken);
        }

        var tempFile = pass.TempFilePath;
        progress.TempFile = tempFile;
        var facts = new ProcessingResult { Sha256 = pass.Sha256Base64 };
        if (pass.Verdict.Infected)
        {
            using var quarantine = ProcessingStep.Start(ProcessingStep.Quarantine, kind);
            var quarantineKey = DerivedKeys.Quarantine(job.Key);
            await storage.MoveAsync(job.Key, quarantineKey, cancellationToken);
            return ProcessingOutcome.Quarantined(facts with { VirusSignature = pass.Verdict.Signature, QuarantineKey = quarantineKey });
        }

        ContentKind? detected;
        using (ProcessingStep.Start(ProcessingStep.Checks, kind))
        {
            if (job.DeclaredSha256 is { } declared && !Sha256Checksum.AreEqual(declared, pass.Sha256))
            {
                return ProcessingOutcome.Failed(ErrorCodes.ChecksumMismatch,
                    $"The content's SHA-256 is {pass.Sha256Base64}; {declared} was declared.", facts);
            }

            detected = ContentSniffer.Detect(pass.Head);
            if (detected != job.ExpectedKind)
            {
                return ProcessingOutcome.Failed(ErrorCodes.ContentMismatch,
                    $"The file is named as {job.ExpectedKind} but its bytes are {(detected is null ? "not an accepted format" : detected.ToString())}.",
                    facts);
            }

            progress.ContentChecked = true;
            facts = facts with
            {
                DetectedFormat = detected.Value.ToString().ToLowerInvariant(),
                DuplicateOf = await duplicates.FindAsync(job.TenantId, job.ProjectId, pass.Sha256Base64, job.UploadId, cancellationToken),
            };
        }

        if (detected.Value is ContentKind.Dwg or ContentKind.Dxf)
        {
            // A few header bytes read by code of our own, no parser library: safe to do here.
            return ProcessingOutcome.Completed(facts with { Drawing = StoredDrawingMetadata.From(await InspectDrawingAsync(tempFile, detected.Value, cancellationToken)) });
        }

        progress.OutputDirectory = Directory.CreateTempSubdirectory("buildpeer-parse-").FullName;
        ParserRun run;
        using (ProcessingStep.Start(ProcessingStep.Parse, kind))
        {
            run = await parsers.ParseAsync(detected.Value, tempFile, progress.OutputDirectory, cancellationToken);
        }

        foreach (var step in run.Reply?.Steps ?? [])
        {
            ProcessingStep.Replay(step.Step, kind, step.StartedAt, step.Duration);
        }

        if (run.WorkerLost)
        {
            return ProcessingOutcome.WorkerLost(run.LostCode!, run.LostReason ?? run.LostCode!, facts);
        }

        var reply = run.Reply!;
        if (reply.FailureCode is { } code)
        {
            return ProcessingOutcome.Failed(code, reply.FailureReason ?? code, facts);
        }

        if (reply.Error is { } error)
        {
            // A fault of the worker's code, not of the file: retried like a dependency, FAILED with it if it persists.
            return ProcessingOutcome.Retry($"The parser failed: {error}");
        }

        var outputs = new ParserOutputs(progress.OutputDirectory);
        var result = detected.Value == ContentKind.Pdf
            ? await StorePdfOutputsAsync(job, reply, outputs, facts, cancellationToken)
            : await StoreImageOutputsAsync(job, reply, outputs, detected.Value, facts, cancellationToken);
        return ProcessingOutcome.Completed(result);
    }

    private static async Task<DrawingMetadata> InspectDrawingAsync(string tempFile, ContentKind kind, CancellationToken cancellationToken)
    {
        using var step = ProcessingStep.Start(ProcessingStep.Drawing, kind);
        return await CpuBound.RunAsync(() => DrawingInspector.Inspect(tempFile, kind), cancellationToken);
    }

    private async Task<ProcessingResult> StoreImageOutputsAsync(ProcessingJob job, ParseReply reply, ParserOutputs outputs,
        ContentKind kind, ProcessingResult facts, CancellationToken cancellationToken)
    {
        var small = DerivedKeys.Thumbnail(job.TenantId, job.ProjectId, job.UploadId, 200);
        var large = DerivedKeys.Thumbnail(job.TenantId, job.ProjectId, job.UploadId, 800);
        using (ProcessingStep.Start(ProcessingStep.Store, kind))
        {
            var smallBytes = await outputs.ReadAsync(reply.Thumbnail200File, cancellationToken);
            var largeBytes = await outputs.ReadAsync(reply.Thumbnail800File, cancellationToken);
            await Task.WhenAll(
                storage.PutAsync(small, smallBytes, JpegType, cancellationToken),
                storage.PutAsync(large, largeBytes, JpegType, cancellationToken));
        }

        return facts with { Image = StoredImageMetadata.From(reply.Image), Thumbnail200Key = small, Thumbnail800Key = large };
    }

    private async Task<ProcessingResult> StorePdfOutputsAsync(ProcessingJob job, ParseReply reply, ParserOutputs outputs,
        ProcessingResult facts, CancellationToken cancellationToken)
    {
        using var store = ProcessingStep.Start(ProcessingStep.Store, ContentKind.Pdf);
        string? textKey = null;
        string? previewKey = null;
        if (reply.TextFile is not null)
        {
            textKey = DerivedKeys.Text(job.TenantId, job.ProjectId, job.UploadId);
            await storage.PutAsync(textKey, await outputs.ReadAsync(reply.TextFile, cancellationToken), TextType, cancellationToken);
        }

        if (reply.PreviewFile is not null)
        {
            previewKey = DerivedKeys.Preview(job.TenantId, job.ProjectId, job.UploadId);
            await storage.PutAsync(previewKey, await outputs.ReadAsync(reply.PreviewFile, cancellationToken), JpegType, cancellationToken);
        }

        return facts with { Pdf = StoredPdfMetadata.From(reply.Pdf), TextKey = textKey, PreviewKey = previewKey };
    }

    private void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogTempFileLeft(exception, path);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException exception)
        {
            LogTempFileLeft(exception, path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} attempt {Attempt} hit a transient fault")]
    private partial void LogTransient(Exception exception, Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId} attempt {Attempt} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, Guid uploadId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the temp file {Path}")]
    private partial void LogTempFileLeft(Exception exception, string path);

    /// <summary>How far an attempt got, for its clean-up and to tell a slow dependency from a slow file.</summary>
    private sealed class AttemptProgress
    {
        public string? TempFile { get; set; }

        /// <summary>The folder the parser worker writes its outputs to.</summary>
        public string? OutputDirectory { get; set; }

        /// <summary>Read, scanned and checked: from here on the time is the file's own processing.</summary>
        public bool ContentChecked { get; set; }
    }
}
