using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// Where upload notifications go; bound from the "Sns" section. Region and credentials are the AWS SDK's
/// (AWS:Region, AWS_REGION, profiles, pod identity).
/// </summary>
public sealed class SnsOptions : IValidatableObject
{
    public const string SectionName = "Sns";

    /// <summary>The topic's ARN. When empty, <see cref="UploadCompletedTopicName"/> is resolved to one.</summary>
    public string? UploadCompletedTopicArn { get; set; }

    /// <summary>Used only without an ARN: resolved with CreateTopic, which returns the existing topic's ARN.</summary>
    public string? UploadCompletedTopicName { get; set; } = "upload-completed";

    /// <summary>
    /// Overrides the endpoint. Otherwise AWS_ENDPOINT_URL_SNS (or AWS_ENDPOINT_URL), as the SDK's own clients
    /// read them, else the regional endpoint.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(UploadCompletedTopicArn) && string.IsNullOrWhiteSpace(UploadCompletedTopicName))
        {
            yield return new ValidationResult(
                "Sns:UploadCompletedTopicArn or Sns:UploadCompletedTopicName is required.",
                [nameof(UploadCompletedTopicArn), nameof(UploadCompletedTopicName)]);
        }

        if (ServiceUrl is { IsAbsoluteUri: false })
        {
            yield return new ValidationResult("Sns:ServiceUrl must be an absolute URL.", [nameof(ServiceUrl)]);
        }
    }
}
