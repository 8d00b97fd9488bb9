using System.Text;
using BuildPeer.UnitTests.Errors;

namespace BuildPeer.UnitTests.ApiReference;

/// <summary>
/// The committed contract (docs/api/openapi.json) is exactly what the gateway generates, so every change to the API's
/// shape shows in review as a diff of that file. Refresh it with <c>scripts/openapi.sh</c>.
/// </summary>
public class OpenApiContractTests
{
    /// <summary>Set by scripts/openapi.sh: write the generated document instead of comparing.</summary>
    public const string UpdateVariable = "BUILDPEER_UPDATE_OPENAPI";

    private const int ShownLines = 12;

    [Fact]
    public async Task The_committed_OpenAPI_document_is_the_one_the_gateway_generates()
    {
        var generated = await GatewayContract.GenerateAsync();
        var path = ErrorCatalogueTests.RepositoryFile(GatewayContract.CommittedPath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, generated);
            return;
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : string.Empty;
        Assert.True(committed == generated,
            $"{GatewayContract.CommittedPath} is not the document the gateway generates: the API changed. Run " +
            $"scripts/openapi.sh to refresh it and review the diff.\n{FirstDifference(committed, generated)}");
    }

    /// <summary>A few lines of each side from the first line where they part.</summary>
    private static string FirstDifference(string committed, string generated)
    {
        var before = committed.Split('\n');
        var after = generated.Split('\n');
        var first = 0;
        while (first < before.Length && first < after.Length && before[first] == after[first])
        {
            first++;
        }

        var text = new StringBuilder($"First difference at line {first + 1}:\n");
        foreach (var line in before.Skip(first).Take(ShownLines))
        {
            text.Append("- ").AppendLine(line);
        }

        foreach (var line in after.Skip(first).Take(ShownLines))
        {
            text.Append("+ ").AppendLine(line);
        }

        return text.ToString();
    }
}
