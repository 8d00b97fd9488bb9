using System.ComponentModel.DataAnnotations;
using BuildPeer.Grains.Uploads.Links;

namespace BuildPeer.UnitTests.Uploads.Links;

public class S3OptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("http://localhost:4569")]
    [InlineData("https://storage.buildpeer.example.com")]
    [InlineData("http://localhost:4569/")]
    public void A_public_endpoint_is_an_http_or_https_address_or_nothing(string? endpoint)
    {
        Assert.Empty(Errors(endpoint));
    }

    [Theory]
    [InlineData("localhost:4569")]
    [InlineData("ftp://localhost:4569")]
    [InlineData("http://localhost:4569/buildpeer-uploads")]
    [InlineData("http://localhost:4569/?x=1")]
    [InlineData("/relative")]
    public void Anything_else_is_refused_at_start_with_the_setting_named(string endpoint)
    {
        var error = Assert.Single(Errors(endpoint));

        Assert.StartsWith("S3:PublicEndpoint must be an http(s) URL", error.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Errors(string? endpoint)
    {
        var options = new S3Options { BucketName = "buildpeer-uploads", PublicEndpoint = endpoint };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
