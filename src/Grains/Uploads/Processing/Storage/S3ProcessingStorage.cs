using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Links;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Processing;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Processing.Storage;

public sealed class S3ProcessingStorage(IAmazonS3 s3, IOptions<S3Options> options) : IProcessingStorage
{
    /// <summary>
    /// The whole object, asked for as a range. Without a range the SDK checks a whole-object GET against its ETag with
    /// a managed MD5 of every byte, a tenth of the silo's time on a photo; the processing pass already hashes the
    /// bytes with SHA-256 (checked against the client's checksum when it sent one), the GET names the ETag it wants,
    /// and TLS guards the transfer. Uploads are never empty, for which S3 would refuse this range.
    /// </summary>
    private static readonly ByteRange WholeObject = new("bytes=0-");

    private string Bucket => options.Value.BucketName;

    public async Task<StoredObject?> OpenAsync(string key, string? eTag, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GetObjectRequest { BucketName = Bucket, Key = key, ByteRange = WholeObject };
            if (eTag is not null)
            {
                // If-Match: S3 serves this version or none, so the bytes scanned are the bytes recorded.
                request.EtagToMatch = ETags.Quote(eTag);
            }

            var response = await s3.GetObjectAsync(request, cancellationToken);
            return new StoredObject(response.ContentLength, response.ResponseStream, response);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new TransientProcessingException(
                $"The object {key} is no longer the one recorded ({eTag}); its own event starts a new attempt.", exception);
        }
        catch (Exception exception) when (IsStorageFault(exception))
        {
            throw new TransientProcessingException($"Reading {key} from storage failed: {exception.Message}", exception);
        }
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = body,
                ContentType = contentType,
                AutoCloseStream = false,
            }, cancellationToken);
        }
        catch (Exception exception) when (IsStorageFault(exception))
        {
            throw new TransientProcessingException($"Writing {key} to storage failed: {exception.Message}", exception);
        }
    }

    public async Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await s3.CopyObjectAsync(new CopyObjectRequest
                {
                    SourceBucket = Bucket,
                    SourceKey = fromKey,
                    DestinationBucket = Bucket,
                    DestinationKey = toKey,
                }, cancellationToken);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                // Moved by an earlier attempt that stopped before it could say so.
                await s3.GetObjectMetadataAsync(Bucket, toKey, cancellationToken);
                return;
            }

            await s3.DeleteObjectAsync(Bucket, fromKey, cancellationToken);
        }
        catch (Exception exception) when (IsStorageFault(exception))
        {
            throw new TransientProcessingException($"Moving {fromKey} to {toKey} failed: {exception.Message}", exception);
        }
    }

    private static bool IsStorageFault(Exception exception) =>
        exception is AmazonServiceException or AmazonClientException or HttpRequestException or IOException;
}
