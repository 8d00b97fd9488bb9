using Amazon.Runtime;
using Amazon.S3;
using BuildPeer.Grains.Aws;

namespace BuildPeer.Grains.Uploads.Links;

public static class S3ClientFactory
{
    /// <summary>
    /// A client whose region, endpoint and credentials resolve through the SDK's standard chain. Checksums are sent
    /// only where S3 requires them: presigned browser uploads cannot compute the SDK's trailing checksums.
    /// </summary>
    public static AmazonS3Client Create(S3Options options, AwsSettings aws) => new(AwsClientConfiguration.Apply(new AmazonS3Config
    {
        ForcePathStyle = options.ForcePathStyle,
        UseAccelerateEndpoint = options.UseAccelerateEndpoint,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    }, aws));
}
