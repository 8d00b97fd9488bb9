using System.Net;
using System.Text.Json;

namespace BuildPeer.IntegrationTests.Stack;

public static class ProblemAssert
{
    /// <summary>
    /// Asserts an RFC 9457 problem+json response with the given status and stable code, declared for its operation
    /// in the OpenAPI document (<see cref="DeclaredProblems"/>); returns its body.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        await DeclaredProblems.AssertDeclaredAsync(response, problem);
        return problem;
    }
}
