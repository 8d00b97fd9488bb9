using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>The gateway and storage calls the upload tests make, in one place.</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> InitiateAsync(HttpClient client, string projectId, params object[] files) =>
        client.PostAsJsonAsync("api/uploads/initiate", new { projectId, files });

    public static object File(string filename, string contentType, long size) => new { filename, contentType, size };

    /// <summary>Initiates files that must be accepted and returns the response's <c>uploads</c> entries.</summary>
    public static async Task<IReadOnlyList<JsonElement>> InitiateAcceptedAsync(HttpClient client, string projectId, params object[] files)
    {
        var response = await InitiateAsync(client, projectId, files);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Initiate failed with {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("uploads").EnumerateArray().Select(upload => upload.Clone()).ToList();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} failed with {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<string?> StatusOfAsync(HttpClient client, Guid uploadId) =>
        (await GetJsonAsync(client, $"api/uploads/{uploadId}/status")).GetProperty("status").GetString();

    /// <summary>
    /// A PUT straight to storage, as a client does with a presigned URL (no gateway credentials). With a content type
    /// it is a single PUT, sent with the headers its URL signs (<c>Content-Type</c>, <c>If-None-Match: *</c>); without,
    /// a part, which signs only its length.
    /// </summary>
    public static async Task<HttpResponseMessage> PutToStorageAsync(Uri url, byte[] content, string? contentType = null)
    {
        using var storage = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        return await storage.SendAsync(request);
    }
}
