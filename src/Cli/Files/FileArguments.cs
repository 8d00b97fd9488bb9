using BuildPeer.Cli.Output;
using BuildPeer.Client;
using Microsoft.Extensions.FileSystemGlobbing;

namespace BuildPeer.Cli.Files;

/// <summary>
/// The files named on the command line: plain paths, folders (every file below them), and globs with <c>*</c> and
/// <c>**</c> that the shell did not expand (quoted, or on Windows). Each file once, in the order given.
/// </summary>
internal static class FileArguments
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments, string workingDirectory)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var matches = Resolve(argument, workingDirectory);
            if (matches.Count == 0)
            {
                throw new CliUsageException(ErrorCodes.NoSuchFile, IsGlob(argument) ? $"No file matches '{argument}'." : $"{argument}: no such file.");
            }

            files.AddRange(matches.Where(seen.Add));
        }

        return files;
    }

    private static List<string> Resolve(string argument, string workingDirectory)
    {
        var path = Path.GetFullPath(argument, workingDirectory);
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            return Match(path, "**/*");
        }

        if (!IsGlob(argument))
        {
            return [];
        }

        // The glob's fixed head is where the search starts: "site/2026/**/*.jpg" searches site/2026 for "**/*.jpg".
        var segments = argument.Replace('\\', '/').Split('/');
        var fixedCount = segments.TakeWhile(segment => !IsGlob(segment)).Count();
        var head = string.Join('/', segments.Take(fixedCount));
        var root = fixedCount == 0 ? workingDirectory : Path.GetFullPath(head.Length == 0 ? "/" : head, workingDirectory);
        return Directory.Exists(root) ? Match(root, string.Join('/', segments.Skip(fixedCount))) : [];
    }

    private static List<string> Match(string root, string pattern)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        return [.. matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal)];
    }

    // The matcher knows * and ** only; other characters are taken literally.
    private static bool IsGlob(string text) => text.Contains('*', StringComparison.Ordinal);
}
