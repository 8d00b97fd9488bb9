using Amazon.S3;
using Amazon.S3.Model;

namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>
/// Learns a bucket's <see cref="PresignTarget"/> from one URL the SDK presigns, so endpoint resolution (region,
/// path style, acceleration, a local service URL) stays the SDK's and is paid once, not on every URL.
/// </summary>
public static class SdkPresignTarget
{
    private const string TemplateKey = "presign-target";

    public static async Task<PresignTarget> LearnAsync(IAmazonS3 s3, string bucket, HttpVerb verb, Protocol protocol)
    {
        var url = new Uri(await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = TemplateKey,
            Verb = verb,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = protocol,
        }));

        var path = url.AbsolutePath;
        if (!path.EndsWith("/" + TemplateKey, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The SDK presigned an unexpected path for bucket {bucket}: {path}");
        }

        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Uri.UnescapeDataString(pair[0]), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty))
            .ToList();
        var credential = query.Single(pair => pair.Name == "X-Amz-Credential").Value.Split('/');

        return new PresignTarget(url.Scheme, url.Authority, path[..^TemplateKey.Length], credential[2],
            [.. query.Where(pair => !pair.Name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))]);
    }
}
