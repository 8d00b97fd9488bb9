using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using BuildPeer.Processing;
using BuildPeer.Processing.ChildProcesses;
using BuildPeer.Processing.Parsers;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Grains.Uploads.Processing.Parsers;

/// <summary>
/// One parser worker process, reused for job after job. It starts under prlimit's data segment limit with the
/// .NET heap's hard limit and a minimal environment; while a job runs a watchdog kills it when its resident size
/// passes the limit, and the job's clock kills it when the job outlasts its time. A process that was killed,
/// crashed or broke the protocol is never used again.
/// </summary>
internal sealed class ParserProcess : IDisposable
{
    private readonly Process _process;
    private readonly BoundedText _standardError = new(LimitedProcess.OutputLimit);
    private readonly ParserOptions _options;
    // Set by the watchdog's thread, read by the job's.
    private volatile bool _overMemory;

    private ParserProcess(Process process, ParserOptions options)
    {
        _process = process;
        _options = options;
    }

    public int Id => _process.Id;

    /// <summary>False once the process has exited or was found unfit; it then goes, and another takes its place.</summary>
    public bool Usable { get; private set; } = true;

    /// <summary>Jobs this process has answered.</summary>
    public int JobsAnswered { get; private set; }

    /// <summary>The most memory the process has had resident, as of its last job.</summary>
    public long PeakResidentBytes { get; private set; }

    public static ParserProcess Start(ParserOptions options)
    {
        var startInfo = new ProcessStartInfo(options.PrlimitPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        // RLIMIT_DATA counts memory the process can write to, not the address space .NET reserves and never uses, so
        // it bounds a .NET process where RLIMIT_AS would stop it from starting. prlimit execs the host under it.
        startInfo.ArgumentList.Add("--data=" + options.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--core=0");
        startInfo.ArgumentList.Add("--");
        startInfo.ArgumentList.Add(options.EffectiveDotnetPath);
        startInfo.ArgumentList.Add(options.EffectiveWorkerAssemblyPath);
        ChildEnvironment.MakeMinimal(startInfo,
        [
            // The managed heap stays well inside the limit, so a large parse fails as OutOfMemoryException (an
            // answer) more often than as a kill; native decoders (libvips, ImageMagick) use the rest.
            new("DOTNET_GCHeapHardLimit", "0x" + (options.MemoryLimitBytes * 3 / 5).ToString("x", CultureInfo.InvariantCulture)),
            new("DOTNET_gcServer", "0"),
            new("DOTNET_GCgen0size", "0x2000000"),
            new("DOTNET_TieredPGO", "0"),
            // glibc gives large blocks (a decoder's buffers) back to the kernel when they are freed, so every photo
            // paid again for zeroed pages: a tenth of a worker's CPU was page faults. Blocks up to 32 MiB now come
            // from the heap and up to 128 MiB of freed memory stays there for the next file (within the data limit).
            new("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728"),
            new("DOTNET_EnableDiagnostics", "0"),
            new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        ]);

        var process = new Process { StartInfo = startInfo };
        var worker = new ParserProcess(process, options);
        process.ErrorDataReceived += (_, line) => worker._standardError.AppendLine(line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new TransientProcessingException($"A parser worker could not be started: {exception.Message}", exception);
        }

        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Hands <paramref name="request"/> to the worker and waits for its answer, at most <paramref name="timeLimit"/>.
    /// Throws <see cref="OperationCanceledException"/> (after killing the worker) only for
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<ParserRun> RunAsync(ParseRequest request, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        using var watchdogStop = new CancellationTokenSource();
        var watchdog = WatchAsync(watchdogStop.Token);
        try
        {
            await ParserFrames.WriteAsync(_process.StandardInput.BaseStream, request, limit.Token);
            var reply = await ParserFrames.ReadAsync<ParseReply>(_process.StandardOutput.BaseStream, limit.Token);
            if (reply is not null)
            {
                // An out-of-memory answer is the worker's last; it exits after it.
                Usable = reply.FailureCode != ErrorCodes.ResourceLimit && !_process.HasExited;
                JobsAnswered++;
                return ParserRun.Replied(reply);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_overMemory)
        {
            await KillAsync();
            return ParserRun.Lost(ErrorCodes.ProcessingTimeout,
                $"Parsing did not finish within the limit of {timeLimit}; the worker was stopped.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            throw;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or OperationCanceledException)
        {
            // The worker died mid-job (its pipes broke) or the watchdog killed it: handled below.
        }
        finally
        {
            await watchdogStop.CancelAsync();
            await watchdog;
            PeakResidentBytes = Math.Max(PeakResidentBytes, ProcessMemory.PeakResident(_process.Id) ?? 0);
        }

        await KillAsync();
        return ParserRun.Lost(ErrorCodes.ResourceLimit, _overMemory
            ? $"Parsing needed more than the worker's memory limit of {_options.MemoryLimitBytes / (1024 * 1024)} MiB; the worker was stopped."
            : $"Parsing the file ended its worker ({Describe()}).");
    }

    /// <summary>Kills the worker when its resident size passes the limit; returns when told to stop.</summary>
    private async Task WatchAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.WatchdogPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var resident = ProcessMemory.Resident(_process.Id);
                if (resident is { } bytes)
                {
                    PeakResidentBytes = Math.Max(PeakResidentBytes, bytes);
                }

                if (resident > _options.MemoryLimitBytes)
                {
                    _overMemory = true;
                    Kill();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Describe()
    {
        var exit = _process.HasExited
            ? _process.ExitCode > 128 ? $"signal {_process.ExitCode - 128}" : $"exit code {_process.ExitCode}"
            : "no answer";
        var error = _standardError.ToString();
        return error.Length == 0 ? exit : $"{exit}: {error[..Math.Min(error.Length, 300)]}";
    }

    private async Task KillAsync()
    {
        Kill();
        using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(reap.Token);
        }
        catch (OperationCanceledException)
        {
            // A process stuck in uninterruptible sleep; the pool no longer counts it.
        }
    }

    private void Kill()
    {
        Usable = false;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Its job, if any, is over for the silo: nothing it could still write would be read.
            Kill();
        }

        _process.Dispose();
    }
}
