using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.IntegrationTests.Stack;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>Uploads a file as a client does (initiate, PUT to storage) and waits for processing to finish it.</summary>
public static class ProcessedUploads
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Initiates one file and PUTs <paramref name="stored"/> (the declared bytes unless a test wants them to differ).
    /// Storage refuses a body of another length than the URL signs, so such bytes are written with the service's
    /// credentials instead, as only a writer that bypasses the URLs could.
    /// </summary>
    public static async Task<Guid> UploadAsync(HttpClient client, string projectId, string fileName, string contentType,
        byte[] content, string? checksumSha256 = null, byte[]? stored = null)
    {
        if (stored is not null && stored.Length != content.Length)
        {
            return await UploadBypassingTheUrlAsync(client, projectId, fileName, contentType, content, stored);
        }

        var response = await client.PostAsJsonAsync("api/uploads/initiate", new
        {
            projectId,
            files = new[] { new { filename = fileName, contentType, size = (long)content.Length, checksumSha256 } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Initiate failed with {(int)response.StatusCode}: {body}");
        var upload = JsonDocument.Parse(body).RootElement.GetProperty("uploads")[0];
        using var put = await ApiCalls.PutToStorageAsync(new Uri(upload.GetProperty("url").GetString()!), stored ?? content, contentType);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return upload.GetProperty("uploadId").GetGuid();
    }

    private static async Task<Guid> UploadBypassingTheUrlAsync(HttpClient client, string projectId, string fileName,
        string contentType, byte[] content, byte[] stored)
    {
        var upload = (await ApiCalls.InitiateAcceptedAsync(client, projectId, ApiCalls.File(fileName, contentType, content.Length)))[0];
        var url = new Uri(upload.GetProperty("url").GetString()!);
        using var refused = await ApiCalls.PutToStorageAsync(url, stored, contentType);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var key = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/')[(LocalStack.BucketName.Length + 1)..];
        using var s3 = S3ClientFactory.Create(
            new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true }, new AwsSettings());
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = LocalStack.BucketName, Key = key, InputStream = new MemoryStream(stored), ContentType = contentType,
        });
        return upload.GetProperty("uploadId").GetGuid();
    }

    /// <summary>The whole record (<c>GET /api/uploads/{id}</c>) once the upload reached a terminal state.</summary>
    public static Task<JsonElement> AwaitFinishedAsync(HttpClient client, Guid uploadId) =>
        Eventually.MatchesAsync(
            () => ApiCalls.GetJsonAsync(client, $"api/uploads/{uploadId}"),
            upload => UploadStatusExtensions.ParseWireName(upload.GetProperty("status").GetString()!).IsTerminal(),
            Deadline,
            $"upload {uploadId} to finish processing");

    public static async Task<JsonElement> UploadAndAwaitAsync(HttpClient client, string projectId, string fileName,
        string contentType, byte[] content, string? checksumSha256 = null) =>
        await AwaitFinishedAsync(client, await UploadAsync(client, projectId, fileName, contentType, content, checksumSha256));

    public static void AssertStatus(JsonElement upload, string status, string? errorCode = null)
    {
        Assert.True(upload.GetProperty("status").GetString() == status,
            $"Expected {status}{(errorCode is null ? "" : $" ({errorCode})")}, got {upload}");
        if (errorCode is not null)
        {
            Assert.Equal(errorCode, upload.GetProperty("errorCode").GetString());
        }
    }

    public static JsonElement Metadata(JsonElement upload) => upload.GetProperty("metadata");

    public static async Task<byte[]?> ReadObjectAsync(IAmazonS3 s3, string key)
    {
        try
        {
            using var response = await s3.GetObjectAsync(LocalStack.BucketName, key);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<IReadOnlyList<string>> ListKeysAsync(IAmazonS3 s3, string prefix)
    {
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = LocalStack.BucketName, Prefix = prefix });
        return response.S3Objects?.Select(item => item.Key).ToList() ?? [];
    }
}
