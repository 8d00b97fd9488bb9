using System.Globalization;
using System.Web;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.Grains.Uploads.Links;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.Links;

/// <summary>
/// Upload PUTs are signed by the service, not the SDK: for the same key, headers, credentials, moment and lifetime
/// its URL must be the SDK's, byte for byte in what S3 checks (path, every query parameter, the signature), in every
/// endpoint shape the service runs with. The emulator's SigV4 check covers the same URLs end to end.
/// </summary>
public class PresignedPutParityTests
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "regional", "buildpeer-uploads.s3.eu-central-1.amazonaws.com" },
        { "us-east-1", "buildpeer-uploads.s3.us-east-1.amazonaws.com" },
        { "accelerated", "buildpeer-uploads.s3-accelerate.amazonaws.com" },
        { "local emulator, path style", "127.0.0.1:4569" },
    };

    private const string PhotoKey = "acme/p1/uploads/0193a6e4-7a1b-7c3d-9e8f-0123456789ab/site photo.jpg";

    public static TheoryData<string> Keys =>
    [
        PhotoKey,
        "acme/p1/uploads/x/año (2) – plan.pdf",
        "acme/p1/uploads/x/😀 a;b,c=d&e+f@g!h'i(j)k*l~m_n-o.p%q#r.jpg",
        "acme/p1/uploads/x/..//double slash/.hidden",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_url_equals_the_SDKs_for_each_endpoint_shape(string endpoint, string host)
    {
        await AssertSameAsSdkAsync(Client(endpoint, out var credentials), credentials, PhotoKey, host);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task The_url_equals_the_SDKs_for_keys_that_need_encoding(string key)
    {
        await AssertSameAsSdkAsync(Client("regional", out var credentials), credentials, key, "buildpeer-uploads.s3.eu-central-1.amazonaws.com");
    }

    [Fact]
    public async Task Temporary_credentials_sign_their_session_token_too()
    {
        var credentials = new SessionAWSCredentials("ASIAEXAMPLE", "temporary-secret", "session/token+with=odd chars");
        var s3 = new AmazonS3Client(credentials, new AmazonS3Config { RegionEndpoint = RegionEndpoint.EUWest1, IgnoreConfiguredEndpointUrls = true });

        var url = await AssertSameAsSdkAsync(s3, credentials, PhotoKey, "buildpeer-uploads.s3.eu-west-1.amazonaws.com");

        Assert.Equal("session/token+with=odd chars", HttpUtility.ParseQueryString(url.Query)["X-Amz-Security-Token"]);
    }

    private static async Task<Uri> AssertSameAsSdkAsync(IAmazonS3 s3, AWSCredentials credentials, string key, string host)
    {
        var sdk = new GetPreSignedUrlRequest
        {
            BucketName = "buildpeer-uploads",
            Key = key,
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(15),
            ContentType = "image/jpeg",
            Protocol = s3.Config.ServiceURL?.StartsWith("http://", StringComparison.Ordinal) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        sdk.Headers.ContentLength = 4_812_345;
        sdk.Headers["If-None-Match"] = "*";
        var expected = new Uri(await s3.GetPreSignedURLAsync(sdk));
        var expectedQuery = HttpUtility.ParseQueryString(expected.Query);
        var signedAt = DateTimeOffset.ParseExact(expectedQuery["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        var lifetime = TimeSpan.FromSeconds(int.Parse(expectedQuery["X-Amz-Expires"]!, CultureInfo.InvariantCulture));
        var signer = new S3UploadUrlSigner(s3, Options.Create(new S3Options { BucketName = "buildpeer-uploads" }),
            new FakeTimeProvider(signedAt), credentials);

        var actual = (await signer.SignPutAsync(key, "image/jpeg", 4_812_345, signedAt + lifetime)).Url;

        Assert.Equal(host, actual.Authority);
        Assert.Equal(expected.Scheme, actual.Scheme);
        Assert.Equal(expected.AbsolutePath, actual.AbsolutePath);
        var actualQuery = HttpUtility.ParseQueryString(actual.Query);
        Assert.Equal(
            expectedQuery.AllKeys.Order(StringComparer.Ordinal).Select(name => $"{name}={expectedQuery[name]}"),
            actualQuery.AllKeys.Order(StringComparer.Ordinal).Select(name => $"{name}={actualQuery[name]}"));
        return actual;
    }

    private static AmazonS3Client Client(string endpoint, out AWSCredentials credentials)
    {
        credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        // Real endpoints ignore this machine's AWS_ENDPOINT_URL_S3 (the local stack's), as production has none.
        var config = endpoint switch
        {
            "regional" => new AmazonS3Config { RegionEndpoint = RegionEndpoint.EUCentral1, IgnoreConfiguredEndpointUrls = true },
            "us-east-1" => new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1, IgnoreConfiguredEndpointUrls = true },
            "accelerated" => new AmazonS3Config
            {
                RegionEndpoint = RegionEndpoint.EUCentral1, UseAccelerateEndpoint = true, IgnoreConfiguredEndpointUrls = true,
            },
            _ => new AmazonS3Config { ServiceURL = "http://127.0.0.1:4569", ForcePathStyle = true, AuthenticationRegion = "us-east-1" },
        };
        return new AmazonS3Client(credentials, config);
    }
}
