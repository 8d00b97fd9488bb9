using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Links;

/// <summary>
/// Where uploads are stored; bound from the "S3" section. Region, endpoint and credentials are not here: they come
/// from the AWS SDK's own configuration (AWS_REGION, AWS_ENDPOINT_URL_S3, profiles, pod identity), so moving from
/// the local emulator to AWS changes configuration only.
/// </summary>
public sealed class S3Options : IValidatableObject
{
    public const string SectionName = "S3";

    [Required(ErrorMessage = "S3:BucketName is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "S3:BucketName is not a valid S3 bucket name.")]
    public string BucketName { get; set; } = string.Empty;

    /// <summary>Path-style addressing (bucket in the path), needed by the local emulator; AWS wants false.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Presign with S3 Transfer Acceleration endpoints (the production setting for far-away sites).</summary>
    public bool UseAccelerateEndpoint { get; set; }

    /// <summary>
    /// The endpoint presigned URLs name, when clients reach storage at another address than the service does (Docker
    /// Compose: the silo calls http://aws-emulator:4569, browsers http://localhost:4569). Unset: the SDK's endpoint.
    /// </summary>
    public string? PublicEndpoint { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicEndpoint is not null
            && !(Uri.TryCreate(PublicEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
                && endpoint.AbsolutePath == "/" && string.IsNullOrEmpty(endpoint.Query)))
        {
            yield return new ValidationResult(
                $"S3:PublicEndpoint must be an http(s) URL without a path, such as http://localhost:4569; it is '{PublicEndpoint}'.",
                [nameof(PublicEndpoint)]);
        }
    }
}
