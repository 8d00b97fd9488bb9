using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>
/// Checks a problem a test received against the OpenAPI document of the gateway that sent it: its operation must
/// declare the status, the code among that status's <c>x-problem-codes</c>, and each <c>files[].code</c> among its
/// <c>x-file-codes</c>. <see cref="ProblemAssert"/> runs it on every problem the tests provoke, so a handler that
/// learns a new refusal fails its own test until the endpoint declares it.
/// </summary>
public static class DeclaredProblems
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonElement>>> Documents = new();

    public static async Task AssertDeclaredAsync(HttpResponseMessage response, JsonElement problem)
    {
        var request = response.RequestMessage!;
        var document = await DocumentAsync(request.RequestUri!);
        var method = request.Method.Method.ToLowerInvariant();
        var (template, operation) = OperationFor(document, method, request.RequestUri!.AbsolutePath);
        if (operation is not { } found)
        {
            return; // Not an API operation (a path no endpoint has): nothing was promised.
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{method.ToUpperInvariant()} {template} answered {status}";
        Assert.True(found.GetProperty("responses").TryGetProperty(status, out var declared),
            $"{where}, a status its OpenAPI operation does not declare.");
        var code = problem.GetProperty("code").GetString()!;
        Assert.True(Values(declared, "x-problem-codes").Contains(code),
            $"{where} with code {code}, which its OpenAPI operation does not declare (declare it with ProducesProblemCodes).");
        if (problem.TryGetProperty("files", out var files))
        {
            var fileCodes = Values(declared, "x-file-codes");
            foreach (var file in files.EnumerateArray().Select(file => file.GetProperty("code").GetString()!))
            {
                Assert.True(fileCodes.Contains(file), $"{where} with a file refused as {file}, which its OpenAPI operation does not declare.");
            }
        }
    }

    private static Task<JsonElement> DocumentAsync(Uri requestUri)
    {
        var origin = requestUri.GetLeftPart(UriPartial.Authority);
        return Documents.GetOrAdd(origin, _ => new Lazy<Task<JsonElement>>(() =>
            Http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(origin), "openapi/v1.json")))).Value;
    }

    /// <summary>The operation whose path template matches; literal segments win over parameters (initiate vs {uploadId}).</summary>
    private static (string? Template, JsonElement? Operation) OperationFor(JsonElement document, string method, string path)
    {
        var match = document.GetProperty("paths").EnumerateObject()
            .Where(entry => entry.Value.TryGetProperty(method, out _) && TemplatePattern(entry.Name).IsMatch(path))
            .OrderBy(entry => entry.Name.Count(c => c == '{'))
            .Select(entry => (JsonProperty?)entry)
            .FirstOrDefault();
        return match is { } found ? (found.Name, found.Value.GetProperty(method)) : (null, null);
    }

    private static Regex TemplatePattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);

    private static HashSet<string> Values(JsonElement response, string extension) =>
        response.TryGetProperty(extension, out var values)
            ? values.EnumerateArray().Select(value => value.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
}
