using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.DependencyInjection;

namespace BuildPeer.IntegrationTests.Faults;

/// <summary>
/// A client that keeps uploading: every <c>interval</c> one more small photo is initiated, sent and its S3 event
/// handed to the silo, each step retried every second until it goes through, as a well-behaved client (and the
/// queue) would. Every gateway answer goes to the <see cref="ApiLog"/>.
/// </summary>
public sealed class UploadStream(ServiceHostsFixture hosts, HttpClient client, string projectId, byte[] photo, ApiLog log) : IDisposable
{
    private static readonly TimeSpan StepRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StepPatience = TimeSpan.FromMinutes(2);
    private readonly List<Task<StreamedUpload>> _uploads = [];
    private readonly AmazonS3Client _directS3 = new(new AmazonS3Config { ForcePathStyle = true });

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
        var ticket = await UntilAsync(async () =>
        {
            var (response, body) = await log.SendAsync("initiate", () => client.PostAsJsonAsync("api/uploads/initiate", new
            {
                projectId,
                files = new[] { new { filename = fileName, contentType = "image/png", size = (long)photo.Length } },
            }));
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("uploads")[0].Clone() : (JsonElement?)null;
        });
        var uploadId = ticket.GetProperty("uploadId").GetGuid();
        Latest = uploadId;
        await UntilAsync(async () =>
        {
            try
            {
                using var put = await ApiCalls.PutToStorageAsync(new Uri(ticket.GetProperty("url").GetString()!), photo, "image/png");
                return put.StatusCode == HttpStatusCode.OK ? true : (bool?)null;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                // Storage unreachable: the client tries again.
                return null;
            }
        });
        await UntilAsync(async () =>
        {
            try
            {
                await DeliverEventAsync(uploadId, fileName);
                return true;
            }
            catch (Exception exception) when (exception is not (TimeoutException or Xunit.Sdk.XunitException))
            {
                // As the queue does: the message comes back and is delivered again.
                return (bool?)null;
            }
        });
        await log.SendAsync("status", () => client.GetAsync($"api/uploads/{uploadId}/status"));
        return new StreamedUpload(uploadId, startedAt);
    }

    /// <summary>What the queue consumer does with the S3 event (the head from storage itself, as S3 puts it in the event).</summary>
    private async Task DeliverEventAsync(Guid uploadId, string fileName)
    {
        var key = $"acme/{projectId}/uploads/{uploadId}/{fileName}";
        var head = await _directS3.GetObjectMetadataAsync(LocalStack.BucketName, key);
        var grains = hosts.SiloServices.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IUploadGrain>(uploadId).RecordObjectCreatedAsync(
            new ObjectCreated(LocalStack.BucketName, key, head.ContentLength, head.ETag, DateTimeOffset.UtcNow, "ObjectCreated:Put", null));
    }

    public void Dispose() => _directS3.Dispose();

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> step) where T : struct
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
