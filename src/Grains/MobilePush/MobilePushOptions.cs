using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.MobilePush;

/// <summary>
/// Mobile push ("MobilePush" section): the queue of finished-upload notifications it reads, and the Firebase
/// project and service account it sends through (FCM HTTP v1). Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class MobilePushOptions : IValidatableObject
{
    public const string SectionName = "MobilePush";

    /// <summary>The OAuth2 scope FCM HTTP v1 requires.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    /// <summary>Whether this silo reads the push queue and sends pushes; devices can be registered either way.</summary>
    public bool Enabled { get; set; }

    /// <summary>The SQS queue subscribed to the upload-completed topic for push (raw delivery or not).</summary>
    [Required(ErrorMessage = "MobilePush:QueueName is required.")]
    public string QueueName { get; set; } = "upload-push";

    /// <summary>The Firebase project id the messages are sent through.</summary>
    public string? ProjectId { get; set; }

    /// <summary>Path of the service account's JSON key; its token_uri is where access tokens come from.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>FCM's base address; tests point it at a fake server.</summary>
    public Uri Endpoint { get; set; } = new("https://fcm.googleapis.com/");

    /// <summary>Notifications this silo handles at once.</summary>
    [Range(1, 100, ErrorMessage = "MobilePush:MaxInFlight must be between 1 and 100.")]
    public int MaxInFlight { get; set; } = 10;

    /// <summary>Sends of one message to one device (throttled or failed by FCM) before the notification is left to SQS.</summary>
    [Range(1, 10, ErrorMessage = "MobilePush:MaxAttempts must be between 1 and 10.")]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before a retry FCM gave no Retry-After for; doubled each attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "MobilePush:RetryBaseDelay must be between 100 ms and 1 minute.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a retry, Retry-After included; a longer ask leaves the notification to SQS.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "MobilePush:MaxRetryDelay must be between 1 second and 5 minutes.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit of each HTTP exchange with FCM or the token endpoint.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "MobilePush:RequestTimeout must be between 1 second and 2 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a device claimed for a push stays held for its sender: longer than one send can take (every attempt
    /// and a token refresh, each exchange up to <see cref="RequestTimeout"/>, the waits between), so only a sender that
    /// died lets it lapse.
    /// </summary>
    public TimeSpan ClaimLease => (RequestTimeout * 2 * (MaxAttempts + 1)) + (MaxRetryDelay * (MaxAttempts - 1)) + TimeSpan.FromSeconds(30);

    /// <summary>How long a sent push is remembered, so that a redelivered notification is not pushed again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "MobilePush:RememberSentFor must be between 1 minute and 30 days.")]
    public TimeSpan RememberSentFor { get; set; } = TimeSpan.FromDays(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("https" or "http") || !Endpoint.AbsolutePath.EndsWith('/'))
        {
            yield return new ValidationResult("MobilePush:Endpoint must be an absolute http(s) URL ending in '/'.", [nameof(Endpoint)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ProjectId) || ProjectId.Any(character => !(char.IsAsciiLetterOrDigit(character) || character == '-')))
        {
            yield return new ValidationResult("MobilePush:ProjectId (the Firebase project id) is required when MobilePush:Enabled is true.", [nameof(ProjectId)]);
        }

        if (string.IsNullOrWhiteSpace(CredentialsFile))
        {
            yield return new ValidationResult("MobilePush:CredentialsFile (the service account's JSON key) is required when MobilePush:Enabled is true.", [nameof(CredentialsFile)]);
        }
    }
}
