using System.Diagnostics;

namespace BuildPeer.Processing.ChildProcesses;

/// <summary>
/// The environment of a process that reads untrusted bytes: only what a program needs to start, never the silo's
/// own (database password, cloud credentials, tokens), so a parser that is made to run code finds nothing to steal.
/// </summary>
public static class ChildEnvironment
{
    private const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>Replaces <paramref name="startInfo"/>'s inherited environment with PATH, HOME, TMPDIR, LANG and <paramref name="extra"/>.</summary>
    public static void MakeMinimal(ProcessStartInfo startInfo, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var environment = startInfo.Environment;
        var path = Environment.GetEnvironmentVariable("PATH");
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var temp = Path.GetTempPath();
        environment.Clear();
        environment["PATH"] = string.IsNullOrEmpty(path) ? DefaultPath : path;
        environment["HOME"] = temp;
        environment["TMPDIR"] = temp;
        environment["LANG"] = "C.UTF-8";
        if (!string.IsNullOrEmpty(dotnetRoot))
        {
            environment["DOTNET_ROOT"] = dotnetRoot;
        }

        foreach (var (name, value) in extra ?? [])
        {
            environment[name] = value;
        }
    }
}
