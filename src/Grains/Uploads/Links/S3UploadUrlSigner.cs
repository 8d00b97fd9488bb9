using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Links.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// Presigned URLs of the upload bucket. Upload PUTs, one per file at every initiate, are signed here
/// (<see cref="SigV4QuerySigner"/>) against the endpoint the SDK resolved once: the SDK's own presigning resolves
/// the endpoint again for every URL, which was the largest CPU cost of an initiate. Everything else goes through
/// the SDK.
/// </summary>
/// <param name="s3">The presigning client (<see cref="S3ClientFactory.PresignerKey"/>): its endpoint is the URLs'.</param>
/// <param name="credentials">The client's credentials; unset, the SDK's default chain, as the client resolves them.</param>
public sealed class S3UploadUrlSigner([FromKeyedServices(S3ClientFactory.PresignerKey)] IAmazonS3 s3, IOptions<S3Options> options, TimeProvider? time = null, AWSCredentials? credentials = null)
    : IUploadUrlSigner
{
    /// <summary>S3's limit on a presigned URL's lifetime.</summary>
    private const long MaxExpiresInSeconds = 7 * 24 * 3600;

    private readonly SigV4QuerySigner _signer = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    // Resolved at the first URL, as the SDK does: a silo without credentials fails there, not at start-up.
    private readonly Lazy<AWSCredentials> _credentials = new(() => credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(s3.Config));

    private Task<PresignTarget>? _putTarget;

    public async Task<PresignedPut> SignPutAsync(string key, string contentType, long contentLength, DateTimeOffset expiresAt)
    {
        var target = await PutTargetAsync();
        var signing = await _credentials.Value.GetCredentialsAsync();
        var now = _time.GetUtcNow();
        var headers = new Dictionary<string, string>
        {
            // Signed, so the object is stored with the type that was validated at initiate.
            [WriteOnce.ContentTypeHeader] = contentType,
            // Signed: S3 refuses (403) a body of another length and (412) a PUT once the object exists.
            ["Content-Length"] = contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [WriteOnce.IfNoneMatchHeader] = WriteOnce.NoObject,
        };
        var url = _signer.Presign(target,
            new PresignedRequest("PUT", key, headers, ExpiresInSeconds(expiresAt, now)),
            new SigningCredentials(signing.AccessKey, signing.SecretKey, signing.UseToken ? signing.Token : null),
            now);

        return new PresignedPut(new Uri(url), new Dictionary<string, string>
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
            Protocol = ProtocolOf(s3),
        };
        if (downloadFileName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition = AttachmentDisposition.For(downloadFileName);
        }

        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    private async Task<PresignTarget> PutTargetAsync()
    {
        // Two first callers may both learn it: harmless, and no lock on every URL.
        var learning = _putTarget ??= SdkPresignTarget.LearnAsync(s3, options.Value.BucketName, HttpVerb.PUT, ProtocolOf(s3));
        try
        {
            return await learning;
        }
        catch
        {
            // Credentials not resolvable yet, say: this URL fails, the next one learns again.
            _ = Interlocked.CompareExchange(ref _putTarget, null, learning);
            throw;
        }
    }

    /// <summary>Whole seconds left, as the SDK counts them: the URL never outlives <paramref name="expiresAt"/>.</summary>
    private static long ExpiresInSeconds(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var seconds = (long)(expiresAt - now).TotalSeconds;
        return seconds <= MaxExpiresInSeconds
            ? seconds
            : throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt,
                $"A presigned URL lives at most 7 days; this one would expire in {seconds} s.");
    }

    private static Protocol ProtocolOf(IAmazonS3 s3) => UsesPlainHttp(s3) ? Protocol.HTTP : Protocol.HTTPS;

    // A local emulator listens on plain HTTP; the SDK would otherwise rewrite the scheme to https.
    private static bool UsesPlainHttp(IAmazonS3 s3) =>
        s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true;
}
