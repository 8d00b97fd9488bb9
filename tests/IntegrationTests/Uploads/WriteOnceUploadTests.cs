using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.IntegrationTests.Processing.Scanning;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.UnitTests.Processing.Images;
using Microsoft.Extensions.DependencyInjection;
using static BuildPeer.IntegrationTests.Uploads.Processing.ProcessedUploads;

namespace BuildPeer.IntegrationTests.Uploads;

/// <summary>
/// No byte that was not scanned is served: a completed file cannot be swapped through its URL, other bytes forced
/// onto its key are scanned again, and objects that reach an upload after it ended are deleted.
/// </summary>
[Collection(ServiceHostsCollection.Name)]
public sealed class WriteOnceUploadTests(ServiceHostsFixture hosts) : UploaderInNewProject(hosts)
{
    private IAmazonS3 S3 => Hosts.SiloServices.GetRequiredService<IAmazonS3>();

    public override async Task InitializeAsync()
    {
        await EmulatorFeatures.RequireAsync("write-once");
        await base.InitializeAsync();
    }

    [Fact]
    public async Task A_completed_photo_cannot_be_swapped_through_its_URL_and_its_download_serves_the_scanned_bytes()
    {
        var photo = GeneratedImages.Jpeg(400, 300);
        var (uploadId, url, _) = await UploadCompletedPhotoAsync(photo);

        using var swap = await ApiCalls.PutToStorageAsync(url, InfectedOfLength(photo.Length), "image/jpeg");

        Assert.Equal(HttpStatusCode.PreconditionFailed, swap.StatusCode);
        var upload = await ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}");
        AssertStatus(upload, "COMPLETED");
        using var anonymous = new HttpClient();
        Assert.Equal(photo, await anonymous.GetByteArrayAsync(upload.GetProperty("downloadUrl").GetString()));
    }

    [Fact]
    public async Task Other_bytes_forced_onto_a_completed_upload_are_scanned_again_and_quarantined_never_served()
    {
        var photo = GeneratedImages.Jpeg(400, 300);
        var (uploadId, url, completed) = await UploadCompletedPhotoAsync(photo);
        var key = KeyOf(url);

        // A writer with the service's credentials (not a presigned URL) replaces the object: another ETag.
        await S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = LocalStack.BucketName, Key = key, InputStream = new MemoryStream(InfectedOfLength(photo.Length)),
            ContentType = "image/jpeg",
        });

        var rescanned = await Eventually.MatchesAsync(
            () => ApiCalls.GetJsonAsync(Alice, $"api/uploads/{uploadId}"),
            upload => upload.GetProperty("status").GetString() == "QUARANTINED",
            Deadline,
            "the replaced object to be scanned again");
        AssertStatus(rescanned, "QUARANTINED", "malware_found");
        Assert.NotEqual(completed.GetProperty("eTag").GetString(), rescanned.GetProperty("eTag").GetString());
        Assert.Equal(JsonValueKind.Null, rescanned.GetProperty("downloadUrl").ValueKind);
        Assert.Null(await ReadObjectAsync(S3, key));
        Assert.NotNull(await ReadObjectAsync(S3, DerivedKeys.Quarantine(key)));
        // The photo's usage went back to a reservation for the re-scan, and the quarantine released it.
        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("usedBytes").GetInt64());
        Assert.Equal(0, usage.GetProperty("usedFiles").GetInt32());
        Assert.Equal(0, usage.GetProperty("reservedBytes").GetInt64());
    }

    [Fact]
    public async Task A_PUT_after_abort_is_deleted_when_its_event_arrives_and_counted()
    {
        var content = GeneratedImages.Jpeg(64, 64);
        var (uploadId, url) = await InitiateAsync("late.jpg", content.Length);
        var aborted = await Alice.PostAsync($"api/uploads/{uploadId}/abort", null);
        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);

        // The URL is still within its lifetime and the abort left the key free.
        await PutLateAndAwaitDeletionAsync(uploadId, url, content, "ABORTED");
        var usage = (await ApiCalls.GetJsonAsync(Alice, $"api/projects/{Project}/quota")).GetProperty("usage");
        Assert.Equal(0, usage.GetProperty("inFlight").GetInt32());
    }

    [Fact]
    public async Task A_PUT_after_quarantine_is_deleted_when_its_event_arrives()
    {
        var infected = InfectedOfLength(1000);
        var (uploadId, url) = await InitiateAsync("site.jpg", infected.Length);
        using (var put = await ApiCalls.PutToStorageAsync(url, infected, "image/jpeg"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        AssertStatus(await AwaitFinishedAsync(Alice, uploadId), "QUARANTINED", "malware_found");

        // The move to quarantine freed the key, and the URL is still valid.
        await PutLateAndAwaitDeletionAsync(uploadId, url, infected, "QUARANTINED");
    }

    [Fact]
    public async Task A_PUT_of_more_bytes_than_declared_is_refused_and_the_upload_stays_pending()
    {
        // Declared 1 byte; a client sending gigabytes would be refused the same way, after the headers.
        var (uploadId, url) = await InitiateAsync("tiny.jpg", 1);

        using var put = await ApiCalls.PutToStorageAsync(url, new byte[1 + 4096], "image/jpeg");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Null(await ReadObjectAsync(S3, KeyOf(url)));
        Assert.Equal("PENDING", await ApiCalls.StatusOfAsync(Alice, uploadId));
    }

    [Fact]
    public async Task The_initiate_answer_names_the_headers_every_PUT_must_send()
    {
        var upload = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File("a.jpg", "image/jpeg", 10)))[0];

        var headers = upload.GetProperty("headers");
        Assert.Equal("image/jpeg", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("*", headers.GetProperty("If-None-Match").GetString());
        Assert.Contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bif-none-match",
            upload.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Storage takes a late PUT to a free key; the ended upload deletes the object once its event arrives.</summary>
    private async Task PutLateAndAwaitDeletionAsync(Guid uploadId, Uri url, byte[] content, string status)
    {
        using var deletions = new LateObjectDeletions();
        using (var late = await ApiCalls.PutToStorageAsync(url, content, "image/jpeg"))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        }

        await Eventually.MatchesAsync(() => ReadObjectAsync(S3, KeyOf(url)), stored => stored is null, Deadline,
            "the late object to be deleted");
        Assert.Equal(status, await ApiCalls.StatusOfAsync(Alice, uploadId));
        Assert.True(deletions.Count(status) >= 1, "buildpeer.uploads.late_objects_deleted did not count the deletion.");
    }

    /// <summary>EICAR at the start, padded to <paramref name="length"/> so it fits a URL signed for that length.</summary>
    private static byte[] InfectedOfLength(int length)
    {
        var content = new byte[length];
        Eicar.Bytes.CopyTo(content, 0);
        return content;
    }

    private static string KeyOf(Uri url) =>
        Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/')[(LocalStack.BucketName.Length + 1)..];

    /// <summary>A photo uploaded through its presigned PUT and processed to COMPLETED; its record.</summary>
    private async Task<(Guid UploadId, Uri Url, JsonElement Completed)> UploadCompletedPhotoAsync(byte[] photo)
    {
        var (uploadId, url) = await InitiateAsync("site.jpg", photo.Length);
        using (var put = await ApiCalls.PutToStorageAsync(url, photo, "image/jpeg"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var completed = await AwaitFinishedAsync(Alice, uploadId);
        AssertStatus(completed, "COMPLETED");
        return (uploadId, url, completed);
    }

    private async Task<(Guid UploadId, Uri Url)> InitiateAsync(string fileName, long size)
    {
        var upload = (await ApiCalls.InitiateAcceptedAsync(Alice, Project, ApiCalls.File(fileName, "image/jpeg", size)))[0];
        return (upload.GetProperty("uploadId").GetGuid(), new Uri(upload.GetProperty("url").GetString()!));
    }

    /// <summary>Listens to <c>buildpeer.uploads.late_objects_deleted</c> of the in-process silo.</summary>
    private sealed class LateObjectDeletions : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _byStatus = [];

        public LateObjectDeletions()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "buildpeer.uploads.late_objects_deleted")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "status" && tag.Value is string status)
                    {
                        lock (_byStatus)
                        {
                            _byStatus[status] = _byStatus.GetValueOrDefault(status) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string status)
        {
            lock (_byStatus)
            {
                return _byStatus.GetValueOrDefault(status);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
