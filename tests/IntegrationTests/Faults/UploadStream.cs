using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// A client that keeps uploading: every <c>interval</c> one more small photo is initiated and sent, each step
/// retried every second until it goes through, as a well-behaved client would; after each PUT the S3 event goes to
/// the silo's event queue, as S3 would send it. Every gateway answer goes to the <see cref="ApiLog"/>.
/// </summary>
public sealed class UploadStream(FaultHostsFixture hosts, HttpClient client, string projectId, byte[] photo, ApiLog log)
{
    private static readonly TimeSpan StepRetry = TimeSpan.FromSeconds(1);

    /// <summary>S3's notification lags the PUT; this much lets the events of the last PUTs before a cut land in it.</summary>
    private static readonly TimeSpan EventLag = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StepPatience = TimeSpan.FromMinutes(2);
    private readonly List<Task<StreamedUpload>> _uploads = [];

    /// <summary>The newest upload a client got an id for (Guid.Empty before the first).</summary>
    public Guid Latest { get; private set; }

    /// <summary>Starts one upload every <paramref name="interval"/> for <paramref name="duration"/>.</summary>
    public async Task RunAsync(TimeSpan duration, TimeSpan interval)
    {
        var end = DateTimeOffset.UtcNow + duration;
        for (var index = 0; DateTimeOffset.UtcNow < end; index++)
        {
            _uploads.Add(UploadOneAsync($"stream-{index:D3}.png"));
            await Task.Delay(interval);
        }
    }

    /// <summary>Every upload of the stream once its client-side steps are done.</summary>
    public async Task<IReadOnlyList<StreamedUpload>> UploadsAsync() => await Task.WhenAll(_uploads);

    private async Task<StreamedUpload> UploadOneAsync(string fileName)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var accepted = await UntilAsync(async () =>
        {
            var (response, body) = await log.SendAsync("initiate", () => client.PostAsJsonAsync("api/uploads/initiate", new
            {
                projectId,
                files = new[] { new { filename = fileName, contentType = "image/png", size = (long)photo.Length } },
            }));
            return response.StatusCode == HttpStatusCode.OK ? body : null;
        });
        var ticket = JsonDocument.Parse(accepted).RootElement.GetProperty("uploads")[0].Clone();
        var uploadId = ticket.GetProperty("uploadId").GetGuid();
        Latest = uploadId;
        var etag = await UntilAsync(async () =>
        {
            try
            {
                using var put = await ApiCalls.PutToStorageAsync(new Uri(ticket.GetProperty("url").GetString()!), photo, "image/png");
                return put.StatusCode == HttpStatusCode.OK ? put.Headers.ETag?.Tag ?? string.Empty : null;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                // Storage unreachable: the client tries again.
                return null;
            }
        });
        await Task.Delay(EventLag);
        await hosts.Sqs.SendMessageAsync(hosts.EventQueueUrl, ObjectCreatedEvent($"acme/{projectId}/uploads/{uploadId}/{fileName}", etag));
        await log.SendAsync("status", () => client.GetAsync($"api/uploads/{uploadId}/status"));
        return new StreamedUpload(uploadId, startedAt);
    }

    /// <summary>The notification S3 sends for a PUT (one record; keys of these names need no encoding).</summary>
    private string ObjectCreatedEvent(string key, string etag) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventName = "ObjectCreated:Put",
                eventTime = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                s3 = new
                {
                    bucket = new { name = LocalStack.BucketName },
                    @object = new { key, size = photo.Length, eTag = etag.Trim('"') },
                },
            },
        },
    });



    private static async Task<T> UntilAsync<T>(Func<Task<T?>> step) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + StepPatience;
        while (true)
        {
            if (await step() is { } done)
            {
                return done;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"A client step did not go through within {StepPatience}.");
            }

            await Task.Delay(StepRetry);
        }
    }
}

public sealed record StreamedUpload(Guid UploadId, DateTimeOffset StartedAt);
