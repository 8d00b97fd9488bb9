using System.Diagnostics;

namespace BuildPeer.Deploy.Tests;

/// <summary>Runs a tool to its end and keeps what it printed.</summary>
public sealed record Command(int ExitCode, string Output, string Errors)
{
    public static Command Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {file}.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Command(process.ExitCode, output, errors.Result);
    }
}
