using System.Diagnostics;
using System.Globalization;
using BuildPeer.Processing.ChildProcesses;

namespace BuildPeer.UnitTests.Processing.ChildProcesses;

public class LimitedProcessTests : IDisposable
{
    private const long Memory = 512L * 1024 * 1024;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_tool_past_its_time_limit_is_killed_and_reported_as_timed_out()
    {
        var pidFile = _folder.PathOf("pid");
        var stopwatch = Stopwatch.StartNew();

        var result = await LimitedProcess.RunAsync(
            "prlimit", Memory, TimeSpan.FromMilliseconds(300), "/bin/sh",
            ["-c", $"echo $$ > '{pidFile}'; exec sleep 30"], CancellationToken.None);

        Assert.Equal(LimitedProcessEnd.TimedOut, result.End);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.False(IsRunning(pidFile), "the sleeping tool should have been killed");
    }

    [Fact]
    public async Task Grandchildren_are_killed_with_the_tool()
    {
        var pidFile = _folder.PathOf("pid");

        var result = await LimitedProcess.RunAsync(
            "prlimit", Memory, TimeSpan.FromMilliseconds(300), "/bin/sh",
            ["-c", $"sleep 30 & echo $! > '{pidFile}'; wait"], CancellationToken.None);

        Assert.Equal(LimitedProcessEnd.TimedOut, result.End);
        Assert.False(IsRunning(pidFile), "the background sleep should have been killed");
    }

    [Fact]
    public async Task A_cancelled_caller_gets_a_cancellation_and_the_tool_is_killed()
    {
        var pidFile = _folder.PathOf("pid");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LimitedProcess.RunAsync(
            "prlimit", Memory, TimeSpan.FromSeconds(30), "/bin/sh",
            ["-c", $"echo $$ > '{pidFile}'; exec sleep 30"], cancellation.Token));

        Assert.False(IsRunning(pidFile), "the sleeping tool should have been killed");
    }

    [Fact]
    public async Task The_exit_code_and_stderr_of_a_failing_tool_are_reported()
    {
        var result = await LimitedProcess.RunAsync(
            "prlimit", Memory, TimeSpan.FromSeconds(10), "/bin/sh",
            ["-c", "echo broken page >&2; exit 3"], CancellationToken.None);

        Assert.Equal(LimitedProcessEnd.Exited, result.End);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("broken page", result.StandardError);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Captured_stderr_is_bounded()
    {
        var result = await LimitedProcess.RunAsync(
            "prlimit", Memory, TimeSpan.FromSeconds(10), "/bin/sh",
            ["-c", "i=0; while [ $i -lt 2000 ]; do echo 'a long line of complaints from the tool' >&2; i=$((i+1)); done"],
            CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.StandardError.Length <= LimitedProcess.OutputLimit + 1, $"{result.StandardError.Length} characters kept");
    }

    [Fact]
    public async Task The_memory_limit_applies_to_the_tool()
    {
        // The shell reports its address-space limit in KiB; stdout is not kept, so it answers by exit status.
        var result = await LimitedProcess.RunAsync(
            "prlimit", 64L * 1024 * 1024, TimeSpan.FromSeconds(10), "/bin/sh",
            ["-c", "[ \"$(ulimit -v)\" = 65536 ]"], CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_missing_launcher_is_reported_as_failed_to_start()
    {
        var result = await LimitedProcess.RunAsync(
            "/nonexistent/prlimit", Memory, TimeSpan.FromSeconds(10), "/bin/true", [], CancellationToken.None);

        Assert.Equal(LimitedProcessEnd.FailedToStart, result.End);
    }

    public void Dispose() => _folder.Dispose();

    private static bool IsRunning(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        return Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
    }
}
