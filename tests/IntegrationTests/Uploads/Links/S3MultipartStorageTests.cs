using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.IntegrationTests.Stack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Links;

/// <summary>
/// <see cref="S3MultipartStorage"/> against the local S3 emulator, with the parts sent as a client sends them: plain
/// HTTP PUTs of the bytes to the presigned URLs. Every test has its own key. Each completed object also puts an S3
/// event on the shared upload-events queue; the silo acknowledges keys of unknown uploads, so nothing is asserted there.
/// </summary>
public class S3MultipartStorageTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private const string ContentType = "application/pdf";
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(15);

    private readonly AmazonS3Client _s3;
    private readonly S3MultipartStorage _storage;
    private readonly HttpClient _http = new();
    private readonly string _key = $"acme/p1/uploads/{Guid.CreateVersion7()}/file.bin";
    private readonly List<string> _started = [];

    public S3MultipartStorageTests()
    {
        LocalStack.ExportToEnvironment();
        var options = new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true };
        _s3 = S3ClientFactory.Create(options, new AwsSettings());
        _storage = new S3MultipartStorage(_s3, Options.Create(options), NullLogger<S3MultipartStorage>.Instance);
    }

    [Fact]
    public async Task Completing_a_12_MiB_upload_in_three_parts_answers_the_real_size_and_the_three_part_ETag()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, data);

        var completion = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
        Assert.Equal(new CompletedObject(MultipartETag(data, 5 * MiB), 12 * MiB), completion.Object);
        Assert.EndsWith("-3", completion.Object?.ETag, StringComparison.Ordinal);
        Assert.Null(completion.Problem);
    }

    [Fact]
    public async Task The_completed_object_holds_exactly_the_uploaded_bytes()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        await _storage.CompleteAsync(_key, uploadId, await PutPartsAsync(uploadId, data));

        using var stored = await _s3.GetObjectAsync(LocalStack.BucketName, _key);
        var storedHash = await SHA256.HashDataAsync(stored.ResponseStream);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(storedHash));
    }

    [Fact]
    public async Task The_completed_object_has_the_content_type_given_at_start()
    {
        var uploadId = await StartAsync();
        await _storage.CompleteAsync(_key, uploadId, await PutPartsAsync(uploadId, Bytes(6 * MiB)));

        var head = await _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key);

        Assert.Equal(ContentType, head.ContentType);
    }

    [Fact]
    public async Task Each_part_URL_is_a_plain_HTTP_presigned_PUT_of_its_own_part_number()
    {
        var uploadId = await StartAsync();

        var signed = await _storage.SignPartsAsync(_key, uploadId, Planned(12 * MiB, 5 * MiB, [1, 2, 3]), DateTimeOffset.UtcNow + UrlLifetime);

        Assert.Equal([1, 2, 3], signed.Select(part => part.PartNumber));
        Assert.All(signed, part =>
        {
            Assert.Equal(Uri.UriSchemeHttp, part.Url.Scheme);
            Assert.Contains($"partNumber={part.PartNumber}&", part.Url.Query + "&", StringComparison.Ordinal);
            Assert.Contains($"uploadId={uploadId}", part.Url.Query, StringComparison.Ordinal);
            Assert.Contains("X-Amz-Signature=", part.Url.Query, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Completing_with_a_part_that_was_never_uploaded_is_refused_as_invalid_parts()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB), partNumbers: [1, 2]);

        var completion = await _storage.CompleteAsync(_key, uploadId, [.. parts, new CompletedPart(3, "0123456789abcdef0123456789abcdef")]);

        Assert.Equal(MultipartCompletionOutcome.InvalidParts, completion.Outcome);
        Assert.Null(completion.Object);
        Assert.Equal(ErrorCodes.InvalidParts, completion.Problem?.Code);
        Assert.Equal("InvalidPart", completion.Problem?.S3ErrorCode);
        Assert.Equal("A listed part has not been uploaded, or its ETag is not the one S3 answered to its upload.", completion.Problem?.Detail);
    }

    [Fact]
    public async Task An_upload_refused_for_a_missing_part_completes_once_that_part_is_uploaded()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        var firstTwo = await PutPartsAsync(uploadId, data, partNumbers: [1, 2]);
        await _storage.CompleteAsync(_key, uploadId, [.. firstTwo, new CompletedPart(3, "0123456789abcdef0123456789abcdef")]);
        var third = await PutPartsAsync(uploadId, data, partNumbers: [3]);

        var completion = await _storage.CompleteAsync(_key, uploadId, [.. firstTwo, .. third]);

        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
        Assert.Equal(12 * MiB, completion.Object?.Size);
    }

    [Fact]
    public async Task Completing_with_a_wrong_ETag_is_refused_as_invalid_parts()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB));

        var completion = await _storage.CompleteAsync(_key, uploadId, WithWrongETagForPart2(parts));

        Assert.Equal(MultipartCompletionOutcome.InvalidParts, completion.Outcome);
        Assert.Equal(ErrorCodes.InvalidParts, completion.Problem?.Code);
        Assert.Equal("InvalidPart", completion.Problem?.S3ErrorCode);
    }

    [Fact]
    public async Task An_upload_refused_for_a_wrong_ETag_completes_with_the_right_ones()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, data);
        await _storage.CompleteAsync(_key, uploadId, WithWrongETagForPart2(parts));

        var completion = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.Completed, completion.Outcome);
        Assert.Equal(new CompletedObject(MultipartETag(data, 5 * MiB), 12 * MiB), completion.Object);
    }

    [Fact]
    public async Task Completing_with_parts_out_of_order_succeeds_because_the_SDK_sorts_them()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, data);

        var completion = await _storage.CompleteAsync(_key, uploadId, [parts[2], parts[0], parts[1]]);

        Assert.Equal(new CompletedObject(MultipartETag(data, 5 * MiB), 12 * MiB), completion.Object);
    }

    [Fact]
    public async Task Completing_with_a_part_listed_twice_is_refused_as_invalid_parts()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB));

        var completion = await _storage.CompleteAsync(_key, uploadId, [parts[0], parts[0], parts[1], parts[2]]);

        Assert.Equal(MultipartCompletionOutcome.InvalidParts, completion.Outcome);
        Assert.Equal("InvalidPartOrder", completion.Problem?.S3ErrorCode);
        Assert.Equal("The parts must be listed once each, in ascending order of part number.", completion.Problem?.Detail);
    }

    [Fact]
    public async Task Completing_with_a_part_under_5_MiB_before_the_last_is_refused_as_invalid_parts()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(2 * MiB), partSize: MiB);

        var completion = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.InvalidParts, completion.Outcome);
        Assert.Equal("EntityTooSmall", completion.Problem?.S3ErrorCode);
        Assert.Equal("Every part but the last must be at least 5 MiB.", completion.Problem?.Detail);
    }

    [Fact]
    public async Task Completing_with_no_parts_is_refused_as_invalid_parts()
    {
        var uploadId = await StartAsync();

        var completion = await _storage.CompleteAsync(_key, uploadId, []);

        Assert.Equal(MultipartCompletionOutcome.InvalidParts, completion.Outcome);
        Assert.Equal(ErrorCodes.InvalidParts, completion.Problem?.Code);
        Assert.Null(completion.Problem?.S3ErrorCode);
    }

    [Fact]
    public async Task Completing_again_answers_already_completed_with_the_same_object()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB));
        var first = await _storage.CompleteAsync(_key, uploadId, parts);

        var second = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.AlreadyCompleted, second.Outcome);
        Assert.True(second.Succeeded);
        Assert.Equal(first.Object, second.Object);
    }

    [Fact]
    public async Task Completing_again_with_another_number_of_parts_answers_upload_not_found()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB));
        await _storage.CompleteAsync(_key, uploadId, parts);

        var again = await _storage.CompleteAsync(_key, uploadId, parts.Take(2).ToList());

        Assert.Equal(MultipartCompletionOutcome.UploadNotFound, again.Outcome);
    }

    [Fact]
    public async Task Completing_an_aborted_upload_answers_upload_not_found()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(12 * MiB));
        await _storage.AbortAsync(_key, uploadId);

        var completion = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.UploadNotFound, completion.Outcome);
        Assert.False(completion.Succeeded);
        Assert.Equal(ErrorCodes.MultipartUploadNotFound, completion.Problem?.Code);
        Assert.Equal("NoSuchUpload", completion.Problem?.S3ErrorCode);
    }

    [Fact]
    public async Task After_abort_a_part_URL_is_refused_with_NoSuchUpload()
    {
        var uploadId = await StartAsync();
        var signed = await _storage.SignPartsAsync(_key, uploadId, Planned(MiB, MiB, [1]), DateTimeOffset.UtcNow + UrlLifetime);
        await _storage.AbortAsync(_key, uploadId);

        using var response = await _http.PutAsync(signed[0].Url, new ByteArrayContent(Bytes(MiB)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Code>NoSuchUpload</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_abort_listing_parts_finds_no_upload()
    {
        var uploadId = await StartAsync();
        await PutPartsAsync(uploadId, Bytes(6 * MiB));
        await _storage.AbortAsync(_key, uploadId);

        Assert.Null(await MultipartParts.ListAsync(_s3, _key, uploadId));
    }

    [Fact]
    public async Task Aborting_an_upload_twice_succeeds()
    {
        var uploadId = await StartAsync();
        await _storage.AbortAsync(_key, uploadId);

        await _storage.AbortAsync(_key, uploadId);

        Assert.Null(await MultipartParts.ListAsync(_s3, _key, uploadId));
    }

    [Fact]
    public async Task Part_URLs_signed_again_later_work_after_earlier_ones_were_used()
    {
        var data = Bytes(12 * MiB);
        var uploadId = await StartAsync();
        var earlier = await PutPartsAsync(uploadId, data, partNumbers: [1]);
        var refreshed = await _storage.SignPartsAsync(_key, uploadId, Planned(12 * MiB, 5 * MiB, [2, 3]), DateTimeOffset.UtcNow + (2 * UrlLifetime));
        var later = await PutAsync(refreshed, data, 5 * MiB);

        var completion = await _storage.CompleteAsync(_key, uploadId, [.. earlier, .. later]);

        Assert.Equal(new CompletedObject(MultipartETag(data, 5 * MiB), 12 * MiB), completion.Object);
    }

    [Fact]
    public async Task A_part_URL_signed_again_differs_from_the_earlier_one()
    {
        var uploadId = await StartAsync();
        var earlier = await _storage.SignPartsAsync(_key, uploadId, Planned(MiB, MiB, [1]), DateTimeOffset.UtcNow + UrlLifetime);

        var refreshed = await _storage.SignPartsAsync(_key, uploadId, Planned(MiB, MiB, [1]), DateTimeOffset.UtcNow + (2 * UrlLifetime));

        Assert.NotEqual(earlier[0].Url, refreshed[0].Url);
    }

    [Fact]
    public async Task An_expired_part_URL_is_refused_with_403()
    {
        var uploadId = await StartAsync();
        // Expiring now: X-Amz-Expires=0. Storage compares whole seconds of the signing time (X-Amz-Date), so a request
        // in that same second is still within it: the PUT goes once that second is over (at most a second's wait; the
        // emulator's clock is real, not the test's).
        var signed = await _storage.SignPartsAsync(_key, uploadId, Planned(MiB, MiB, [1]), DateTimeOffset.UtcNow);
        var signedAt = DateTimeOffset.ParseExact(System.Web.HttpUtility.ParseQueryString(signed[0].Url.Query)["X-Amz-Date"]!,
            "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        if (signedAt.AddSeconds(1) - DateTimeOffset.UtcNow is { Ticks: > 0 } rest)
        {
            await Task.Delay(rest + TimeSpan.FromMilliseconds(50));
        }

        using var response = await _http.PutAsync(signed[0].Url, new ByteArrayContent(Bytes(MiB)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Request has expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_URL_refuses_a_body_of_another_length_than_the_part_it_was_signed_for()
    {
        var uploadId = await StartAsync();
        var signed = await _storage.SignPartsAsync(_key, uploadId, Planned(12 * MiB, 5 * MiB, [3]), DateTimeOffset.UtcNow + UrlLifetime);

        using var response = await _http.PutAsync(signed[0].Url, new ByteArrayContent(Bytes(5 * MiB)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await MultipartParts.ListAsync(_s3, _key, uploadId))!);
    }

    [Fact]
    public async Task Completing_over_an_object_already_at_the_key_is_refused_and_leaves_that_object()
    {
        var uploadId = await StartAsync();
        var parts = await PutPartsAsync(uploadId, Bytes(6 * MiB));
        await _s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = LocalStack.BucketName, Key = _key, ContentBody = "there first",
        });

        var completion = await _storage.CompleteAsync(_key, uploadId, parts);

        Assert.Equal(MultipartCompletionOutcome.UploadNotFound, completion.Outcome);
        using var stored = await _s3.GetObjectAsync(LocalStack.BucketName, _key);
        Assert.Equal("there first", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task Deleting_a_completed_object_removes_it()
    {
        var uploadId = await StartAsync();
        await _storage.CompleteAsync(_key, uploadId, await PutPartsAsync(uploadId, Bytes(6 * MiB)));

        await _storage.DeleteObjectAsync(_key);

        var exception = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key));
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_object_that_does_not_exist_succeeds()
    {
        await _storage.DeleteObjectAsync(_key);

        var exception = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(LocalStack.BucketName, _key));
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var uploadId in _started)
        {
            await _storage.AbortAsync(_key, uploadId);
        }

        await _storage.DeleteObjectAsync(_key);
        _http.Dispose();
        _s3.Dispose();
    }

    private async Task<string> StartAsync()
    {
        var uploadId = await _storage.StartAsync(_key, ContentType);
        _started.Add(uploadId);
        return uploadId;
    }

    /// <summary>Signs and PUTs the given parts (all, by default) of <paramref name="data"/> as a client would.</summary>
    private async Task<List<CompletedPart>> PutPartsAsync(
        string uploadId, byte[] data, long partSize = 5 * MiB, IReadOnlyList<int>? partNumbers = null)
    {
        partNumbers ??= Enumerable.Range(1, (int)((data.Length + partSize - 1) / partSize)).ToList();
        var signed = await _storage.SignPartsAsync(_key, uploadId, Planned(data.Length, partSize, partNumbers), DateTimeOffset.UtcNow + UrlLifetime);
        return await PutAsync(signed, data, partSize);
    }

    private async Task<List<CompletedPart>> PutAsync(IEnumerable<SignedPart> signed, byte[] data, long partSize)
    {
        var parts = new List<CompletedPart>();
        foreach (var part in signed)
        {
            var offset = (int)((part.PartNumber - 1) * partSize);
            var length = (int)Math.Min(partSize, data.Length - offset);
            using var response = await _http.PutAsync(part.Url, new ByteArrayContent(data, offset, length));
            Assert.True(response.IsSuccessStatusCode, $"PUT of part {part.PartNumber}: {(int)response.StatusCode} "
                + await response.Content.ReadAsStringAsync());
            parts.Add(new CompletedPart(part.PartNumber, response.Headers.ETag!.Tag));
        }

        return parts;
    }

    /// <summary>The given parts of <paramref name="size"/> bytes cut in parts of <paramref name="partSize"/>, as a plan would.</summary>
    private static List<PlannedPart> Planned(long size, long partSize, IEnumerable<int> partNumbers) =>
        partNumbers.Select(number =>
        {
            var offset = (number - 1) * partSize;
            return new PlannedPart(number, offset, Math.Min(partSize, size - offset));
        }).ToList();

    private static List<CompletedPart> WithWrongETagForPart2(List<CompletedPart> parts) =>
        [.. parts.Select(part => part.PartNumber == 2 ? part with { ETag = "\"ffffffffffffffffffffffffffffffff\"" } : part)];

    private static byte[] Bytes(long size)
    {
        var data = new byte[size];
        new Random(Seed: (int)size).NextBytes(data);
        return data;
    }

    /// <summary>S3's ETag of an object completed from parts: the MD5 of the parts' MD5s, then "-" and the part count.</summary>
    private static string MultipartETag(byte[] data, long partSize)
    {
        var digests = data.Chunk((int)partSize).SelectMany(chunk => MD5.HashData(chunk)).ToArray();
        var count = (data.Length + partSize - 1) / partSize;
        return $"{Convert.ToHexStringLower(MD5.HashData(digests))}-{count}";
    }
}
