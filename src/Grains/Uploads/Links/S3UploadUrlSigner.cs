using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Links;

public sealed class S3UploadUrlSigner(IAmazonS3 s3, IOptions<S3Options> options) : IUploadUrlSigner
{
    public async Task<PresignedPut> SignPutAsync(string key, string contentType, long contentLength, DateTimeOffset expiresAt)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = options.Value.BucketName,
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = expiresAt.UtcDateTime,
            // Signed, so the object is stored with the type that was validated at initiate.
            ContentType = contentType,
            Protocol = UsesPlainHttp(s3) ? Protocol.HTTP : Protocol.HTTPS,
        };
        // Signed headers: S3 refuses (403) a body of another length and (412) a PUT once the object exists.
        request.Headers.ContentLength = contentLength;
        request.Headers[WriteOnce.IfNoneMatchHeader] = WriteOnce.NoObject;

        var url = new Uri(await s3.GetPreSignedURLAsync(request));
        return new PresignedPut(url, new Dictionary<string, string>
        {
            [WriteOnce.ContentTypeHeader] = contentType,
            [WriteOnce.IfNoneMatchHeader] = WriteOnce.NoObject,
        });
    }

    public async Task<Uri> SignGetAsync(string key, DateTimeOffset expiresAt, string? downloadFileName = null)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = options.Value.BucketName,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = UsesPlainHttp(s3) ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (downloadFileName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition = AttachmentDisposition.For(downloadFileName);
        }

        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    // A local emulator listens on plain HTTP; the SDK would otherwise rewrite the scheme to https.
    private static bool UsesPlainHttp(IAmazonS3 s3) =>
        s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true;
}
