using System.Security.Cryptography;
using Amazon.Runtime.Internal.Util;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Aws;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Uploads.Processing.Storage;
using BuildPeer.IntegrationTests.Stack;
using BuildPeer.Processing;
using Microsoft.Extensions.Options;

namespace BuildPeer.IntegrationTests.Uploads.Processing;

/// <summary>
/// Reading an upload for processing, against the local S3 emulator: the whole object, its length, the version asked
/// for or none, and no second hash of every byte in the SDK (the processing pass hashes them once, with SHA-256).
/// </summary>
public sealed class S3ProcessingStorageTests : IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly S3ProcessingStorage _storage;
    private readonly string _key = $"acme/p1/uploads/{Guid.CreateVersion7()}/photo.jpg";

    public S3ProcessingStorageTests()
    {
        LocalStack.ExportToEnvironment();
        var options = new S3Options { BucketName = LocalStack.BucketName, ForcePathStyle = true };
        _s3 = S3ClientFactory.Create(options, new AwsSettings());
        _storage = new S3ProcessingStorage(_s3, Options.Create(options));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public async Task The_whole_object_is_read_with_its_length_and_no_MD5_pass_of_the_SDK(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var eTag = await PutAsync(bytes);

        await using var stored = await _storage.OpenAsync(_key, eTag, CancellationToken.None);
        using var read = new MemoryStream();
        await stored!.Content.CopyToAsync(read);

        Assert.Equal(size, stored.Length);
        Assert.Equal(bytes, read.ToArray());
        Assert.IsNotAssignableFrom<HashStream>(stored.Content);
    }

    [Fact]
    public async Task Another_version_than_the_one_recorded_is_not_read()
    {
        await PutAsync(RandomNumberGenerator.GetBytes(64));

        await Assert.ThrowsAsync<TransientProcessingException>(
            () => _storage.OpenAsync(_key, "0123456789abcdef0123456789abcdef", CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_object_is_none()
    {
        Assert.Null(await _storage.OpenAsync(_key, null, CancellationToken.None));
    }

    public void Dispose() => _s3.Dispose();

    private async Task<string> PutAsync(byte[] bytes)
    {
        using var body = new MemoryStream(bytes);
        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = LocalStack.BucketName, Key = _key, InputStream = body });
        return ETags.Unquote(put.ETag);
    }
}
