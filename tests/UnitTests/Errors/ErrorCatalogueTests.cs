using System.Reflection;
using System.Text.RegularExpressions;
using BuildPeer.UnitTests.ApiReference;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.OpenApi;

namespace BuildPeer.UnitTests.Errors;

/// <summary>
/// <see cref="ErrorCodes"/> is the one list of stable codes: each defined once, each documented in the README and
/// in docs/api.md, each the API can answer declared in the OpenAPI document, and nothing documented that it lacks.
/// </summary>
public partial class ErrorCatalogueTests
{
    private const string Section = "## Error codes";

    private static readonly IReadOnlyList<(string Name, string Code)> Catalogue = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (field.Name, (string)field.GetRawConstantValue()!))
        .ToList();

    [Fact]
    public void Each_code_is_defined_once_and_is_snake_case()
    {
        Assert.NotEmpty(Catalogue);
        Assert.Empty(Catalogue.GroupBy(entry => entry.Code).Where(group => group.Count() > 1).Select(group => group.Key));
        Assert.All(Catalogue, entry => Assert.Matches(CodeShape(), entry.Code));
        Assert.All(ErrorCodes.UploadFailures.Concat(ErrorCodes.ClientSide), code => Assert.Contains(code, Catalogue.Select(entry => entry.Code)));
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/api.md")]
    public void The_error_code_section_lists_exactly_the_catalogue(string document)
    {
        var documented = CodesIn(SectionOf(document));

        Assert.Empty(Catalogue.Select(entry => entry.Code).Except(documented));
        Assert.Empty(documented.Except(Catalogue.Select(entry => entry.Code)));
    }

    [Fact]
    public async Task The_OpenAPI_document_declares_every_code_the_API_can_answer()
    {
        var document = await GatewayContract.DocumentAsync();
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);

        var apiCodes = Catalogue.Select(entry => entry.Code).Except(ErrorCodes.ClientSide).ToList();
        var undeclared = apiCodes.Where(code => !json.Contains($"\"{code}\"", StringComparison.Ordinal)).ToList();
        Assert.True(undeclared.Count == 0, $"Not in the OpenAPI document: {string.Join(", ", undeclared)}");
        var clientOnly = ErrorCodes.ClientSide.Where(code => json.Contains($"\"{code}\"", StringComparison.Ordinal)).ToList();
        Assert.True(clientOnly.Count == 0, $"Client-side codes in the OpenAPI document: {string.Join(", ", clientOnly)}");
        Assert.NotEmpty(document.Paths);
        Assert.All(document.Paths.Values.SelectMany(path => path.Operations!.Values),
            operation => Assert.True(operation.Responses!.ContainsKey("default"), operation.OperationId));
    }

    /// <summary>The text under the "Error codes" heading, up to the next heading of the same or a higher level.</summary>
    private static string SectionOf(string document)
    {
        var lines = File.ReadAllLines(RepositoryFile(document));
        var start = Array.FindIndex(lines, line => line.Trim() == Section);
        Assert.True(start >= 0, $"{document} has no '{Section}' section.");
        var end = Array.FindIndex(lines, start + 1, line => line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>Every code-shaped word in backticks (the sections put nothing else that looks like a code there).</summary>
    private static HashSet<string> CodesIn(string text) =>
        Backticked().Matches(text).Select(match => match.Groups[1].Value).Where(word => CodeShape().IsMatch(word)).ToHashSet();

    internal static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BuildPeer.Orleans.sln")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new InvalidOperationException("Could not find the repository root (BuildPeer.Orleans.sln) above the test binaries.");
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
