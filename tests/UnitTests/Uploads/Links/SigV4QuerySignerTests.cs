using BuildPeer.Grains.Uploads.Links.Signing;

namespace BuildPeer.UnitTests.Uploads.Links;

/// <summary>
/// The signer's own contract beside the SDK parity: every initiate signs a URL per file on a grain turn, so its
/// garbage is the silo's; and its encoding of values S3 compares byte for byte.
/// </summary>
public class SigV4QuerySignerTests
{
    private static readonly PresignTarget Target = new("https", "buildpeer-uploads.s3.eu-central-1.amazonaws.com", "/", "eu-central-1", [("x-id", "PutObject")]);
    private static readonly SigningCredentials Credentials = new("AKIAEXAMPLE", "secret", SessionToken: null);
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Signing_a_url_allocates_little_more_than_the_url()
    {
        var signer = new SigV4QuerySigner();
        var request = new PresignedRequest("PUT", "acme/p1/uploads/0193a6e4-7a1b-7c3d-9e8f-0123456789ab/site photo.jpg",
            new Dictionary<string, string> { ["Content-Type"] = "image/jpeg", ["Content-Length"] = "5242880" }, 3600);
        var url = signer.Presign(Target, request, Credentials, SignedAt);

        const int Rounds = 100;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            signer.Presign(Target, request, Credentials, SignedAt);
        }

        var perUrl = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        // The URL is about 0.9 KB of UTF-16, the pieces it is made of (encoded key, query, scope, date) about as much again.
        Assert.True(perUrl < 5 * url.Length * sizeof(char), $"{perUrl} bytes a URL for a {url.Length}-character URL");
    }

    [Theory]
    [InlineData("plain-name_1.jpg~", "plain-name_1.jpg~")]
    [InlineData("a b/c", "a%20b%2Fc")]
    [InlineData("año", "a%C3%B1o")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Values_are_encoded_byte_by_byte_in_upper_case(string value, string expected)
    {
        Assert.Equal(expected, SigV4QuerySigner.UriEncode(value, encodeSlash: true));
    }

    [Fact]
    public void A_path_keeps_its_slashes()
    {
        Assert.Equal("a/b%20c/d", SigV4QuerySigner.UriEncode("a/b c/d", encodeSlash: false));
    }

    [Fact]
    public void A_value_with_nothing_to_encode_is_returned_as_it_is()
    {
        var value = "already-plain";

        Assert.Same(value, SigV4QuerySigner.UriEncode(value, encodeSlash: true));
    }
}
