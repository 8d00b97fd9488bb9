using System.Collections.Concurrent;
using System.Net;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>Every gateway answer a fault test saw: what was called, its status, its problem code and its latency.</summary>
public sealed class ApiLog
{
    private readonly ConcurrentQueue<ApiCall> _calls = new();

    public IReadOnlyList<ApiCall> Calls => [.. _calls];

    public async Task<(HttpResponseMessage Response, string Body)> SendAsync(string name, Func<Task<HttpResponseMessage>> call)
    {
        var started = DateTimeOffset.UtcNow;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await call();
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        _calls.Enqueue(new ApiCall(name, started, watch.Elapsed, response.StatusCode,
            response.Headers.RetryAfter is not null, response.Content.Headers.ContentType?.MediaType, ProblemCode(body)));
        return (response, body);
    }

    private static string? ProblemCode(string body)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

public sealed record ApiCall(string Name, DateTimeOffset StartedAt, TimeSpan Latency, HttpStatusCode Status, bool RetryAfter,
    string? MediaType, string? Code);
