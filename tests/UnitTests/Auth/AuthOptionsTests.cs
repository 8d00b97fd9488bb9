using System.ComponentModel.DataAnnotations;
using BuildPeer.Gateway.Auth;

namespace BuildPeer.UnitTests.Auth;

public class AuthOptionsTests
{
    private static List<string> Validate(AuthOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(result => result.ErrorMessage ?? string.Empty).ToList();
    }

    [Fact]
    public void A_development_key_of_32_bytes_is_enough()
    {
        Assert.Empty(Validate(new AuthOptions { Issuer = "i", Audience = "a", SigningKey = new string('k', 32) }));
    }

    [Fact]
    public void A_short_development_key_is_refused_by_name()
    {
        var error = Assert.Single(Validate(new AuthOptions { Issuer = "i", Audience = "a", SigningKey = "short" }));

        Assert.Contains("Auth:SigningKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_a_key_nor_an_authority_is_refused()
    {
        var error = Assert.Single(Validate(new AuthOptions { Issuer = "i", Audience = "a" }));

        Assert.Contains("Auth:Authority", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_a_key_and_an_authority_is_refused()
    {
        var options = new AuthOptions
        {
            Issuer = "i", Audience = "a", SigningKey = new string('k', 32), Authority = new Uri("https://login.example.com/"),
        };

        Assert.Single(Validate(options));
    }

    [Fact]
    public void A_missing_issuer_is_named()
    {
        var errors = Validate(new AuthOptions { Audience = "a", Authority = new Uri("https://login.example.com/") });

        Assert.Contains("Auth:Issuer is required.", errors);
    }
}
