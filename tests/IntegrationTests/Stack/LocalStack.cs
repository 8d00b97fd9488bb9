using System.Diagnostics;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// The real local services the tests run against, started by <c>scripts/stack.sh up</c>. Their addresses come from
/// <c>scripts/stack.sh env</c>, so tests and the run script never disagree about ports or credentials.
/// </summary>
public static class LocalStack
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(LoadSettings);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PostgresConnectionString => Get("ConnectionStrings__Postgres");

    public static string BucketName => Get("S3__BucketName");

    public static string UploadEventsQueueName => Get("Sqs__UploadEventsQueueName");

    /// <summary>Exports the stack's settings (AWS endpoints and credentials above all) into this process.</summary>
    public static void ExportToEnvironment()
    {
        foreach (var (name, value) in Settings.Value)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } overridden ? overridden
        : Settings.Value.TryGetValue(name, out var value) ? value
        : throw new InvalidOperationException($"scripts/stack.sh env does not define {name}.");

    private static Dictionary<string, string> LoadSettings()
    {
        var script = Path.Combine(RepositoryRoot, "scripts", "stack.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "env"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not run scripts/stack.sh env.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/stack.sh env failed ({process.ExitCode}): {errors}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => Unquote(pair[1]));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BuildPeer.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (BuildPeer.Orleans.sln) above the test binaries.");
    }
}
