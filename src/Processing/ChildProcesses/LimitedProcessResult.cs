namespace BuildPeer.Processing.ChildProcesses;

/// <summary>How a limited child process ended, with the first few kilobytes of what it wrote to stderr.</summary>
public sealed record LimitedProcessResult(LimitedProcessEnd End, int? ExitCode, string StandardError)
{
    public bool Succeeded => End == LimitedProcessEnd.Exited && ExitCode == 0;
}

public enum LimitedProcessEnd
{
    /// <summary>It ran and exited by itself; see the exit code.</summary>
    Exited,
    /// <summary>It ran past its wall-clock limit and was killed with all its children.</summary>
    TimedOut,
    /// <summary>The launcher itself could not be started (not installed, not executable).</summary>
    FailedToStart,
}
