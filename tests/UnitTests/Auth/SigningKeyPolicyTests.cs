using BuildPeer.Gateway.Auth;
using Microsoft.Extensions.Hosting.Internal;

namespace BuildPeer.UnitTests.Auth;

/// <summary>Outside Development a shared key must be deliberate, and a published key is never accepted.</summary>
public class SigningKeyPolicyTests
{
    private const string RandomKey = "3f9c1e0b7a8d4c2e9f6a5b3c1d0e7f8a9b6c5d4e";

    private static ValidateOptionsResultView Validate(string environment, string? key, bool allowSymmetric = false, Uri? authority = null) =>
        new(new SigningKeyPolicy(new HostingEnvironment { EnvironmentName = environment }).Validate(null, new AuthOptions
        {
            Issuer = "buildpeer", Audience = "buildpeer-uploads", SigningKey = key, AllowSymmetricKey = allowSymmetric, Authority = authority,
        }));

    [Theory]
    [InlineData("buildpeer-development-signing-key-not-for-production")]
    [InlineData(RandomKey)]
    public void Development_accepts_any_key(string key) => Assert.True(Validate("Development", key).Succeeded);

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Elsewhere_a_shared_key_is_refused_unless_allowed(string environment)
    {
        var refused = Validate(environment, RandomKey);

        Assert.False(refused.Succeeded);
        Assert.Contains("Auth:AllowSymmetricKey", refused.Message, StringComparison.Ordinal);
        Assert.True(Validate(environment, RandomKey, allowSymmetric: true).Succeeded);
    }

    [Theory]
    [InlineData("buildpeer-development-signing-key-not-for-production")]
    [InlineData("change-me-to-a-random-string-of-at-least-32-bytes")]
    [InlineData("our-PLACEHOLDER-key-for-the-staging-cluster-000")]
    public void Elsewhere_a_published_or_placeholder_key_is_refused_even_when_allowed(string key)
    {
        var refused = Validate("Production", key, allowSymmetric: true);

        Assert.False(refused.Succeeded);
        Assert.Contains("published or placeholder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_without_a_key_passes() =>
        Assert.True(Validate("Production", null, authority: new Uri("https://login.example.com/")).Succeeded);

    private sealed record ValidateOptionsResultView(bool Succeeded, string Message)
    {
        public ValidateOptionsResultView(Microsoft.Extensions.Options.ValidateOptionsResult result)
            : this(result.Succeeded, result.FailureMessage ?? string.Empty)
        {
        }
    }
}
