using System.Reflection;

namespace BuildPeer.Migrations;

/// <summary>One SQL script shipped inside this assembly; its version is its file name, e.g. "0001_orleans_clustering".</summary>
public sealed record MigrationScript(string Version, string Sql)
{
    // Matches the LogicalName given to Sql/*.sql in Migrations.csproj.
    private const string ResourcePrefix = "Migrations/";
    private const string ResourceSuffix = ".sql";

    /// <summary>All embedded scripts, in the order they must run (their names start with a sortable number).</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new MigrationScript(
                name[ResourcePrefix.Length..^ResourceSuffix.Length],
                ReadResource(assembly, name)))
            .ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration {name} cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
