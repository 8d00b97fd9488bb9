using System.ComponentModel.DataAnnotations;
using System.Text;

namespace BuildPeer.Gateway.Auth;

/// <summary>
/// The "Auth" section. Development signs tokens with a shared HS256 key; production names an OpenID Connect
/// authority whose JWKS signs them. Exactly one of the two must be set; <see cref="SigningKeyPolicy"/> adds the
/// rules that depend on the environment.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";
    public const int MinimumSigningKeyBytes = 32;

    [Required(ErrorMessage = "Auth:Issuer is required.")]
    public string Issuer { get; set; } = string.Empty;

    [Required(ErrorMessage = "Auth:Audience is required.")]
    public string Audience { get; set; } = string.Empty;

    /// <summary>HS256 key for development tokens (at least 32 bytes of UTF-8).</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Accept <see cref="SigningKey"/> outside Development. A shared key lets whoever holds it mint any user's token,
    /// so it must be a deliberate choice (an isolated test cluster), never a leftover.
    /// </summary>
    public bool AllowSymmetricKey { get; set; }

    /// <summary>OpenID Connect authority (its JWKS signs production tokens).</summary>
    public Uri? Authority { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasKey = !string.IsNullOrEmpty(SigningKey);
        if (hasKey == (Authority is not null))
        {
            yield return new ValidationResult(
                "Set exactly one of Auth:SigningKey (development) or Auth:Authority (production).",
                [nameof(SigningKey), nameof(Authority)]);
        }

        if (hasKey && Encoding.UTF8.GetByteCount(SigningKey!) < MinimumSigningKeyBytes)
        {
            yield return new ValidationResult(
                $"Auth:SigningKey must be at least {MinimumSigningKeyBytes} bytes long.", [nameof(SigningKey)]);
        }
    }
}
