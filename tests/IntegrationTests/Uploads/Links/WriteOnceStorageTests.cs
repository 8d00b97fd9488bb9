using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Links;

/// <summary>
/// The storage half of write-once uploads, against the local S3 emulator as S3 behaves: the signed length and
/// <c>If-None-Match: *</c> of a presigned PUT are enforced (403, 412), a declared checksum is checked against the body
/// (400 BadDigest), and a read can be bound to one ETag (412). Whatever is refused stores nothing.
/// </summary>
public sealed class WriteOnceStorageTests : IAsyncLifetime
{
    private const string ContentType = "image/jpeg";
    private const string ChecksumHeader = "x-amz-checksum-sha256";

    private readonly AmazonS3Client _s3;
    private readonly S3UploadUrlSigner _signer;
    private readonly S3MultipartStorage _multipart;
    private readonly HttpClient _http = new();
    private readonly string _key = $"acme/p1/uploads/{Guid.CreateVersion7()}/photo.jpg";

    public WriteOnceStorageTests()
    {
        LocalStack.ExportToEnvironment();
        var options = new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true };
        _s3 = S3ClientFactory.Create(options, new AwsSettings());
        _signer = new S3UploadUrlSigner(_s3, Options.Create(options));
        _multipart = new S3MultipartStorage(_s3, Options.Create(options), NullLogger<S3MultipartStorage>.Instance);
    }

    [Fact]
    public async Task A_body_longer_than_the_signed_length_is_refused_403_and_nothing_is_stored()
    {
        // A URL declared for 1 byte, and a client that sends a few KB more (as it would send gigabytes).
        var put = await _signer.SignPutAsync(_key, ContentType, 1, DateTimeOffset.UtcNow.AddMinutes(15));

        using var response = await SendAsync(put, new byte[1 + 4096]);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_second_PUT_to_the_same_URL_is_refused_412_and_the_first_bytes_stay()
    {
        var first = RandomNumberGenerator.GetBytes(2048);
        var put = await _signer.SignPutAsync(_key, ContentType, first.Length, DateTimeOffset.UtcNow.AddMinutes(15));
        using var stored = await SendAsync(put, first);

        using var again = await SendAsync(put, RandomNumberGenerator.GetBytes(first.Length));

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        await AssertRefusedAsync(again, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(first, await ReadAsync());
    }

    [Fact]
    public async Task Of_two_PUTs_racing_for_one_key_one_is_stored_and_the_other_refused()
    {
        var bodies = new[] { RandomNumberGenerator.GetBytes(1024 * 1024), RandomNumberGenerator.GetBytes(1024 * 1024) };
        var put = await _signer.SignPutAsync(_key, ContentType, bodies[0].Length, DateTimeOffset.UtcNow.AddMinutes(15));

        var responses = await Task.WhenAll(bodies.Select(body => SendAsync(put, body)));

        var statuses = responses.Select(response => response.StatusCode).Order().ToList();
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(statuses[1], new[] { HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed });
        Assert.Equal(bodies[Array.FindIndex(responses, response => response.IsSuccessStatusCode)], await ReadAsync());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_PUT_without_the_signed_If_None_Match_is_refused_403()
    {
        var put = await _signer.SignPutAsync(_key, ContentType, 10, DateTimeOffset.UtcNow.AddMinutes(15));

        using var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new ByteArrayContent(new byte[10]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        using var response = await _http.SendAsync(request);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_wrong_SHA256_checksum_is_refused_400_BadDigest_and_nothing_is_stored_while_the_right_one_is()
    {
        var body = RandomNumberGenerator.GetBytes(4096);
        var put = await _signer.SignPutAsync(_key, ContentType, body.Length, DateTimeOffset.UtcNow.AddMinutes(15));

        using var wrong = await SendAsync(put, body, Convert.ToBase64String(SHA256.HashData([1, 2, 3])));
        await AssertRefusedAsync(wrong, HttpStatusCode.BadRequest, "BadDigest");
        await AssertNothingStoredAsync();

        using var right = await SendAsync(put, body, Convert.ToBase64String(SHA256.HashData(body)));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(body, await ReadAsync());
        // Whatever checksum was checked, S3's ETag of a single PUT is the MD5 of the bytes.
        Assert.Equal(QuotedMd5(body), right.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_wrong_Content_MD5_is_refused_400_BadDigest_and_nothing_is_stored_while_the_right_one_is()
    {
        var body = RandomNumberGenerator.GetBytes(4096);

        var wrong = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            PutWithMd5Async(body, Convert.ToBase64String(MD5.HashData([1, 2, 3]))));
        Assert.Equal("BadDigest", wrong.ErrorCode);
        await AssertNothingStoredAsync();

        var right = await PutWithMd5Async(body, Convert.ToBase64String(MD5.HashData(body)));
        Assert.Equal(HttpStatusCode.OK, right.HttpStatusCode);
        Assert.Equal(body, await ReadAsync());
        Assert.Equal(QuotedMd5(body), right.ETag);
    }

    [Fact]
    public async Task A_part_with_a_wrong_SHA256_checksum_is_refused_400_BadDigest_and_not_kept()
    {
        var uploadId = await _multipart.StartAsync(_key, ContentType);
        try
        {
            using var response = await SendFirstPartAsync(uploadId, RandomNumberGenerator.GetBytes(1024), checksumOf: new byte[1]);

            await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "BadDigest");
            Assert.Empty((await MultipartParts.ListAsync(_s3, _key, uploadId))!);
        }
        finally
        {
            await _multipart.AbortAsync(_key, uploadId);
        }
    }

    [Fact]
    public async Task A_part_with_the_right_SHA256_checksum_is_kept_with_the_MD5_of_its_bytes_as_ETag()
    {
        var uploadId = await _multipart.StartAsync(_key, ContentType);
        try
        {
            var body = RandomNumberGenerator.GetBytes(3000);

            using var response = await SendFirstPartAsync(uploadId, body, checksumOf: body);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var md5 = QuotedMd5(body);
            Assert.Equal(md5, response.Headers.ETag?.Tag);
            var listed = Assert.Single((await _s3.ListPartsAsync(new ListPartsRequest
            {
                BucketName = LocalStack.BucketName,
                Key = _key,
                UploadId = uploadId,
            })).Parts);
            Assert.Equal(md5, listed.ETag);
            Assert.Equal(body.Length, listed.Size);
        }
        finally
        {
            await _multipart.AbortAsync(_key, uploadId);
        }
    }

    [Fact]
    public async Task A_read_bound_to_another_ETag_is_refused_412()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = LocalStack.BucketName, Key = _key, ContentBody = "first" });
        var head = await _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = LocalStack.BucketName, Key = _key, ContentBody = "second" });

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(
            new GetObjectRequest { BucketName = LocalStack.BucketName, Key = _key, EtagToMatch = head.ETag }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var current = await _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key);
        using var bound = await _s3.GetObjectAsync(
            new GetObjectRequest { BucketName = LocalStack.BucketName, Key = _key, EtagToMatch = current.ETag });
        Assert.Equal("second", await new StreamReader(bound.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task The_bucket_CORS_rule_admits_the_write_once_headers_and_exposes_the_ETag()
    {
        var objectUrl = new Uri($"{LocalStack.Get("AWS_ENDPOINT_URL_S3").TrimEnd('/')}/{LocalStack.BucketName}/{_key}");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, objectUrl);
        preflight.Headers.Add("Origin", "http://127.0.0.1:5080");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", $"content-type,if-none-match,{ChecksumHeader}");

        using var response = await _http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var allowed = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.All(new[] { "content-type", "if-none-match", ChecksumHeader }, header => Assert.Contains(header, allowed, StringComparison.Ordinal));

        var put = await _signer.SignPutAsync(_key, ContentType, 3, DateTimeOffset.UtcNow.AddMinutes(15));
        using var request = PutRequest(put, [1, 2, 3]);
        request.Headers.Add("Origin", "http://127.0.0.1:5080");
        using var stored = await _http.SendAsync(request);
        Assert.Contains("ETag", string.Join(',', stored.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    public Task InitializeAsync() => EmulatorFeatures.RequireAsync("write-once");

    /// <summary>PUTs <paramref name="body"/> as part 1 through its presigned URL, declaring the SHA-256 of <paramref name="checksumOf"/>.</summary>
    private async Task<HttpResponseMessage> SendFirstPartAsync(string uploadId, byte[] body, byte[] checksumOf)
    {
        var part = (await _multipart.SignPartsAsync(_key, uploadId, [new PlannedPart(1, 0, body.Length)],
            DateTimeOffset.UtcNow.AddMinutes(15)))[0];
        using var request = new HttpRequestMessage(HttpMethod.Put, part.Url) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(ChecksumHeader, Convert.ToBase64String(SHA256.HashData(checksumOf)));
        return await _http.SendAsync(request);
    }

    /// <summary>A header-signed PutObject of <paramref name="body"/> declaring <paramref name="md5"/> as its Content-MD5.</summary>
    private Task<PutObjectResponse> PutWithMd5Async(byte[] body, string md5) =>
        _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = LocalStack.BucketName,
            Key = _key,
            InputStream = new MemoryStream(body),
            MD5Digest = md5,
        });

    private static string QuotedMd5(byte[] body) => $"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"";

    public async Task DisposeAsync()
    {
        await _s3.DeleteObjectAsync(LocalStack.BucketName, _key);
        _http.Dispose();
        _s3.Dispose();
    }

    private static HttpRequestMessage PutRequest(PresignedPut put, byte[] body, string? sha256 = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, put.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in put.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (sha256 is not null)
        {
            request.Headers.TryAddWithoutValidation(ChecksumHeader, sha256);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(PresignedPut put, byte[] body, string? sha256 = null)
    {
        using var request = PutRequest(put, body, sha256);
        return await _http.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Contains($"<Code>{code}</Code>", body, StringComparison.Ordinal);
    }

    private async Task AssertNothingStoredAsync()
    {
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<byte[]> ReadAsync()
    {
        using var response = await _s3.GetObjectAsync(LocalStack.BucketName, _key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
