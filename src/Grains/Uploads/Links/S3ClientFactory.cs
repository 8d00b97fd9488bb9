using Amazon.Runtime;
using Amazon.S3;
using BuildPeer.Grains.Aws;

namespace BuildPeer.Grains.Uploads.Links;

public static class S3ClientFactory
{
    /// <summary>The keyed <see cref="IAmazonS3"/> that presigns: a client of S3Options.PublicEndpoint, or the main one.</summary>
    public const string PresignerKey = "presigner";

    /// <summary>
    /// A client whose region, endpoint and credentials resolve through the SDK's standard chain. Checksums are sent
    /// only where S3 requires them: presigned browser uploads cannot compute the SDK's trailing checksums.
    /// </summary>
    public static AmazonS3Client Create(S3Options options, AwsSettings aws) => new(AwsClientConfiguration.Apply(Config(options), aws));

    /// <summary>
    /// A client that only presigns, for the URLs clients use: it names <see cref="S3Options.PublicEndpoint"/> and never
    /// sends a request itself. Credentials and region are the main client's (the SDK's chain).
    /// </summary>
    public static AmazonS3Client CreatePresigner(S3Options options, AwsSettings aws)
    {
        var config = Config(options);
        config.ServiceURL = options.PublicEndpoint;
        return new AmazonS3Client(AwsClientConfiguration.Apply(config, aws));
    }

    private static AmazonS3Config Config(S3Options options) => new()
    {
        ForcePathStyle = options.ForcePathStyle,
        UseAccelerateEndpoint = options.UseAccelerateEndpoint,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    };
}
