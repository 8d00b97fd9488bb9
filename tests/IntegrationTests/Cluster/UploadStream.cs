using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.Gateway.Uploads;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Cluster;

/// <summary>A file a client sends.</summary>
public sealed record StreamFile(string Name, string ContentType, byte[] Content);

/// <summary>An upload the stream started: its bytes are in storage.</summary>
public sealed record StreamedUpload(Guid UploadId, StreamFile File, int InitiateTries);

/// <summary>
/// What field clients do, at a steady rate: initiate one file, PUT it to its presigned URL. A client whose initiate
/// got no answer or a 5xx (a silo just died) tries again with the same <c>Idempotency-Key</c>, so a retry can never
/// create a second upload of the same file; a refused request (4xx) is a failure of the test.
/// </summary>
public sealed class UploadStream(HttpClient client, string projectId)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<Guid, StreamedUpload> _uploads = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public IReadOnlyCollection<StreamedUpload> Uploads => [.. _uploads.Values];

    public IReadOnlyCollection<string> Failures => [.. _failures];

    /// <summary>Starts one upload every <paramref name="interval"/> and returns when every one of them is in storage.</summary>
    public async Task RunAsync(IReadOnlyList<StreamFile> files, TimeSpan interval)
    {
        var clients = new List<Task>();
        var next = DateTime.UtcNow;
        foreach (var file in files)
        {
            var wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            next += interval;
            clients.Add(Task.Run(() => UploadAsync(file)));
        }

        await Task.WhenAll(clients);
    }

    private async Task UploadAsync(StreamFile file)
    {
        try
        {
            var (upload, tries) = await InitiateAsync(file);
            var url = new Uri(upload.GetProperty("url").GetString()!);
            using var put = await ApiCalls.PutToStorageAsync(url, file.Content, file.ContentType);
            if (put.StatusCode != HttpStatusCode.OK)
            {
                _failures.Enqueue($"{file.Name}: PUT answered {(int)put.StatusCode}");
                return;
            }

            var uploadId = upload.GetProperty("uploadId").GetGuid();
            _uploads[uploadId] = new StreamedUpload(uploadId, file, tries);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            _failures.Enqueue($"{file.Name}: {exception.Message}");
        }
    }

    private async Task<(JsonElement Upload, int Tries)> InitiateAsync(StreamFile file)
    {
        var idempotencyKey = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + GiveUpAfter;
        for (var tries = 1; ; tries++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/uploads/initiate")
            {
                Content = JsonContent.Create(new
                {
                    projectId,
                    files = new[] { new { filename = file.Name, contentType = file.ContentType, size = (long)file.Content.Length } },
                }),
            };
            request.Headers.Add(UploadsApi.IdempotencyKeyHeader, idempotencyKey);
            string? problem;
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return (JsonDocument.Parse(body).RootElement.GetProperty("uploads")[0].Clone(), tries);
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"initiate refused with {(int)response.StatusCode}: {body}");
                }

                problem = $"{(int)response.StatusCode}: {body}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                problem = exception.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"initiate failed {tries} times, last: {problem}");
            }

            await Task.Delay(500);
        }
    }
}
