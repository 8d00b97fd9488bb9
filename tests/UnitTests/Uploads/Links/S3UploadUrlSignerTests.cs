using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using BuildPeer.Grains.Uploads.Links;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BuildPeer.UnitTests.Uploads.Links;

/// <summary>Presigning is local computation: these run without any S3.</summary>
public class S3UploadUrlSignerTests
{
    // A fixed clock: the signed lifetime is counted from it, however long the test waits to run.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    private static readonly DateTimeOffset ExpiresAt = Clock.GetUtcNow().AddMinutes(15);

    private static readonly BasicAWSCredentials Credentials = new("AKIDEXAMPLE", "secret");

    private static S3UploadUrlSigner Signer(bool accelerate) => new(
        new AmazonS3Client(Credentials, new AmazonS3Config
        {
            // An explicit region with no service URL: what production looks like, whatever this machine's env says.
            RegionEndpoint = RegionEndpoint.EUCentral1,
            UseAccelerateEndpoint = accelerate,
            IgnoreConfiguredEndpointUrls = true,
        }),
        Options.Create(new S3Options { BucketName = "buildpeer-uploads", UseAccelerateEndpoint = accelerate }), Clock, Credentials);

    [Fact]
    public async Task With_transfer_acceleration_URLs_point_at_the_accelerate_endpoint()
    {
        var url = (await Signer(accelerate: true).SignPutAsync("acme/p1/uploads/x/a.jpg", "image/jpeg", 1234, ExpiresAt)).Url;

        Assert.Equal("https", url.Scheme);
        Assert.Equal("buildpeer-uploads.s3-accelerate.amazonaws.com", url.Host);
    }

    [Fact]
    public async Task Without_it_URLs_point_at_the_regional_endpoint()
    {
        var url = (await Signer(accelerate: false).SignPutAsync("acme/p1/uploads/x/a.jpg", "image/jpeg", 1234, ExpiresAt)).Url;

        Assert.Equal("buildpeer-uploads.s3.eu-central-1.amazonaws.com", url.Host);
    }

    [Fact]
    public async Task Type_length_and_write_once_are_signed_headers_and_the_lifetime_is_15_minutes()
    {
        var put = await Signer(accelerate: false).SignPutAsync("acme/p1/uploads/x/a.jpg", "image/jpeg", 1234, ExpiresAt);

        var query = System.Web.HttpUtility.ParseQueryString(put.Url.Query);
        Assert.Equal("content-length;content-type;host;if-none-match", query["X-Amz-SignedHeaders"]);
        Assert.Equal(new Dictionary<string, string> { ["Content-Type"] = "image/jpeg", ["If-None-Match"] = "*" }, put.Headers);
        Assert.InRange(int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), 899, 900);
    }
}
