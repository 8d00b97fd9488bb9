using Microsoft.Extensions.Options;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// Outside Development a shared signing key is refused unless <see cref="AuthOptions.AllowSymmetricKey"/> says it
/// is deliberate, and a key that is published anywhere (this repository's development key, a manifest's
/// placeholder) is refused always: anyone who has read it could sign tokens for any user.
/// </summary>
public sealed class SigningKeyPolicy(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    /// <summary>Keys that appear in this repository; none may sign a real deployment's tokens.</summary>
    public static readonly IReadOnlySet<string> PublishedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "buildpeer-development-signing-key-not-for-production",
        "change-me-to-a-random-string-of-at-least-32-bytes",
    };

    private static readonly string[] PlaceholderMarkers = ["change-me", "changeme", "placeholder", "not-for-production", "example"];

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        if (IsPublishedOrPlaceholder(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                "Auth:SigningKey is a published or placeholder key; outside Development it would let anyone sign tokens. " +
                "Use Auth:Authority, or a random secret key of your own.");
        }

        return options.AllowSymmetricKey
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Auth:SigningKey (a shared HS256 key) is refused outside Development: set Auth:Authority to your identity " +
                "provider, or Auth:AllowSymmetricKey=true if a shared key is really intended.");
    }

    public static bool IsPublishedOrPlaceholder(string key) =>
        PublishedKeys.Contains(key)
        || PlaceholderMarkers.Any(marker => key.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
