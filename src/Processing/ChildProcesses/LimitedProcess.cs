using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace BuildPeer.Processing.ChildProcesses;

/// <summary>
/// Runs a tool on untrusted input in a child process, so a crash or a runaway cannot take the silo with it: the
/// address space is capped by util-linux prlimit before the tool starts, the wall clock by a timeout that kills
/// the whole process tree, captured output is bounded, and it inherits none of the silo's environment.
/// </summary>
public static class LimitedProcess
{
    /// <summary>Characters of stderr (and stdout) kept; enough for a diagnosis, never a memory risk.</summary>
    public const int OutputLimit = 4096;

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>. Returns how it ended; throws
    /// <see cref="OperationCanceledException"/> only for <paramref name="cancellationToken"/>, after the kill.
    /// </summary>
    public static async Task<LimitedProcessResult> RunAsync(
        string prlimitPath,
        long memoryLimitBytes,
        TimeSpan timeout,
        string fileName,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(prlimitPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        ChildEnvironment.MakeMinimal(startInfo);
        // prlimit sets RLIMIT_AS on itself and then execs the tool, so the tool starts limited and keeps our pid.
        startInfo.ArgumentList.Add("--as=" + memoryLimitBytes.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--");
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var standardError = new BoundedText(OutputLimit);
        // Stdout is drained even though nothing reads it afterwards: a full pipe would block the tool.
        var standardOutput = new BoundedText(OutputLimit);
        process.ErrorDataReceived += (_, line) => standardError.AppendLine(line.Data);
        process.OutputDataReceived += (_, line) => standardOutput.AppendLine(line.Data);
        // The clock runs from before the start: the limit is on the whole run, and a thread descheduled after the
        // start must not give the tool free time.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            return new LimitedProcessResult(LimitedProcessEnd.FailedToStart, null, exception.Message);
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            // Reap it, so no zombie is left and its pipes are drained; a killed process exits at once.
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new LimitedProcessResult(LimitedProcessEnd.TimedOut, null, standardError.ToString());
        }

        return new LimitedProcessResult(LimitedProcessEnd.Exited, process.ExitCode, standardError.ToString());
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }
    }
}
