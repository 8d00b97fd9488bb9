using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <param name="presigner">Signs the part URLs clients use (<see cref="S3ClientFactory.PresignerKey"/>); unset, <paramref name="s3"/>.</param>
public sealed partial class S3MultipartStorage(
    IAmazonS3 s3,
    IOptions<S3Options> options,
    ILogger<S3MultipartStorage> logger,
    [FromKeyedServices(S3ClientFactory.PresignerKey)] IAmazonS3? presigner = null) : IMultipartStorage
{
    // S3's error codes that this class turns into results; every other fault propagates.
    private const string NoSuchUpload = "NoSuchUpload";
    private const string InvalidPart = "InvalidPart";
    private const string InvalidPartOrder = "InvalidPartOrder";
    private const string EntityTooSmall = "EntityTooSmall";
    private const string PreconditionFailed = "PreconditionFailed";

    private string BucketName => options.Value.BucketName;

    public async Task<string> StartAsync(string key, string contentType, CancellationToken cancellationToken = default)
    {
        var response = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = BucketName,
            Key = key,
            // Given here, once: UploadPart takes no content type, so the part URLs sign none.
            ContentType = contentType,
        }, cancellationToken);

        return response.UploadId;
    }

    public async Task<IReadOnlyList<SignedPart>> SignPartsAsync(
        string key, string s3UploadId, IEnumerable<PlannedPart> parts, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(parts);

        var signer = presigner ?? s3;
        var protocol = UsesPlainHttp(signer) ? Protocol.HTTP : Protocol.HTTPS;
        var signed = new List<SignedPart>();
        foreach (var part in parts)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(part.PartNumber, 1, nameof(parts));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(part.PartNumber, MultipartPlan.MaxParts, nameof(parts));
            ArgumentOutOfRangeException.ThrowIfLessThan(part.Size, 1, nameof(parts));

            var request = new GetPreSignedUrlRequest
            {
                BucketName = BucketName,
                Key = key,
                Verb = HttpVerb.PUT,
                UploadId = s3UploadId,
                PartNumber = part.PartNumber,
                Expires = expiresAt.UtcDateTime,
                Protocol = protocol,
            };
            // Signed: S3 refuses (403) a part of any other length, so the parts add up to the declared size.
            request.Headers.ContentLength = part.Size;
            signed.Add(new SignedPart(part.PartNumber, new Uri(await signer.GetPreSignedURLAsync(request))));
        }

        return signed;
    }

    public async Task<MultipartCompletion> CompleteAsync(
        string key, string s3UploadId, IReadOnlyList<CompletedPart> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            // S3 would answer MalformedXML, which reads like our fault rather than the client's.
            return MultipartCompletion.InvalidParts(new MultipartProblem(
                ErrorCodes.InvalidParts, "The completion must list the uploaded parts; it lists none."));
        }

        try
        {
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = BucketName,
                Key = key,
                UploadId = s3UploadId,
                PartETags = [.. parts.Select(part => new PartETag(part.PartNumber, ETags.Quote(part.ETag)))],
                IfNoneMatch = WriteOnce.NoObject,
            }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode is InvalidPart or InvalidPartOrder or EntityTooSmall)
        {
            LogPartsRefused(key, s3UploadId, exception.ErrorCode);
            return MultipartCompletion.InvalidParts(new MultipartProblem(
                ErrorCodes.InvalidParts, DescribeRefusal(exception.ErrorCode))
            {
                S3ErrorCode = exception.ErrorCode,
            });
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode is NoSuchUpload or PreconditionFailed)
        {
            // 412: an object has the key already, most likely from an earlier call whose answer was lost.
            return await AlreadyCompletedOrNotFoundAsync(key, s3UploadId, parts.Count, cancellationToken);
        }

        // CompleteMultipartUpload does not give the size; S3 is read-after-write consistent, so HEAD sees the object.
        var head = await s3.GetObjectMetadataAsync(BucketName, key, cancellationToken);
        return MultipartCompletion.Completed(new CompletedObject(ETags.Unquote(head.ETag), head.ContentLength));
    }

    public async Task AbortAsync(string key, string s3UploadId, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.AbortMultipartUploadAsync(BucketName, key, s3UploadId, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode == NoSuchUpload)
        {
            // Already aborted, or completed: either way there is nothing left to free.
            LogAbortFoundNoUpload(key, s3UploadId);
        }
    }

    public async Task DeleteObjectAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.DeleteObjectAsync(BucketName, key, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            // S3 itself answers 204 for a missing key; some S3-compatible stores say 404 instead.
        }
    }

    /// <summary>
    /// S3 forgets an upload id once it is completed (or aborted). If the object is there with the ETag of an object
    /// completed from this many parts, an earlier call (whose answer was lost) completed it.
    /// </summary>
    private async Task<MultipartCompletion> AlreadyCompletedOrNotFoundAsync(
        string key, string s3UploadId, int partCount, CancellationToken cancellationToken)
    {
        GetObjectMetadataResponse? head;
        try
        {
            head = await s3.GetObjectMetadataAsync(BucketName, key, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            head = null;
        }

        if (head is not null && ETags.IsMultipartOf(head.ETag, partCount))
        {
            LogAlreadyCompleted(key, s3UploadId);
            return MultipartCompletion.AlreadyCompleted(new CompletedObject(ETags.Unquote(head.ETag), head.ContentLength));
        }

        LogUploadNotFound(key, s3UploadId, head is not null);
        return MultipartCompletion.UploadNotFound(new MultipartProblem(
            ErrorCodes.MultipartUploadNotFound,
            "The multipart upload no longer exists: it was aborted, or its parts expired. Start the upload again.")
        {
            S3ErrorCode = NoSuchUpload,
        });
    }

    private static string DescribeRefusal(string s3ErrorCode) => s3ErrorCode switch
    {
        InvalidPart => "A listed part has not been uploaded, or its ETag is not the one S3 answered to its upload.",
        InvalidPartOrder => "The parts must be listed once each, in ascending order of part number.",
        _ => "Every part but the last must be at least 5 MiB.",
    };

    // A local emulator listens on plain HTTP; the SDK would otherwise rewrite the scheme to https.
    private static bool UsesPlainHttp(IAmazonS3 s3) =>
        s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true;

    [LoggerMessage(Level = LogLevel.Information, Message = "S3 refused to complete {Key} (upload {S3UploadId}): {S3ErrorCode}")]
    private partial void LogPartsRefused(string key, string s3UploadId, string s3ErrorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Key} (upload {S3UploadId}) was already completed; answering with the object")]
    private partial void LogAlreadyCompleted(string key, string s3UploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 does not know upload {S3UploadId} of {Key} (an object is there: {ObjectExists}); it cannot be completed")]
    private partial void LogUploadNotFound(string key, string s3UploadId, bool objectExists);

    [LoggerMessage(Level = LogLevel.Debug, Message = "S3 no longer knows upload {S3UploadId} of {Key}; nothing to abort")]
    private partial void LogAbortFoundNoUpload(string key, string s3UploadId);
}
