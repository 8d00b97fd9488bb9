using System.Text.RegularExpressions;
using Amazon;
using Amazon.S3;
using BuildPeer.Grains.Uploads.Links;
using Microsoft.Extensions.Options;

namespace BuildPeer.UnitTests.Uploads.Links;

/// <summary>A download URL must be a valid RFC 3986 URI whatever the file is called: strict clients refuse anything else.</summary>
public partial class DownloadUrlTests
{
    public static TheoryData<string> Names => ["site photo.jpg", "my \"best\".jpg", "año.jpg", "😀.jpg", "a;b.jpg", "100%.jpg", "a'b*c.pdf"];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_url_holds_only_RFC_3986_characters_and_carries_the_header_exactly(string fileName)
    {
        var signer = new S3UploadUrlSigner(
            new AmazonS3Client("AKIDEXAMPLE", "secret", new AmazonS3Config
            {
                RegionEndpoint = RegionEndpoint.EUCentral1,
                IgnoreConfiguredEndpointUrls = true,
            }),
            Options.Create(new S3Options { BucketName = "buildpeer-uploads" }));

        var url = (await signer.SignGetAsync("acme/p1/uploads/x/a.jpg", DateTimeOffset.UtcNow.AddMinutes(5), fileName)).OriginalString;

        Assert.Matches(Rfc3986(), url);
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var parsed), url);
        var disposition = System.Web.HttpUtility.ParseQueryString(parsed!.Query)["response-content-disposition"];
        Assert.Equal(AttachmentDisposition.For(fileName), disposition);
    }

    // unreserved / reserved characters, and '%' only as the start of a percent-encoded octet.
    [GeneratedRegex(@"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+\z")]
    public static partial Regex Rfc3986();
}
