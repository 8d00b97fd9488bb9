using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// The email digest ("Digest" section): where finished-upload notifications are read from, how often each recipient
/// is mailed, and the SMTP server that mails them. Off unless <see cref="Enabled"/>.
/// </summary>
public sealed class DigestOptions : IValidatableObject
{
    public const string SectionName = "Digest";

    /// <summary>Whether this silo reads the digest queue and mails digests; when off, recorded items simply wait.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long after a recipient's first unmailed upload their digest goes out, and then how often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Digest:Period must be between 1 second and 7 days.")]
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The SQS queue subscribed to the upload-completed topic for the digest (raw delivery or not).</summary>
    [Required(ErrorMessage = "Digest:QueueName is required.")]
    public string QueueName { get; set; } = "upload-digest";

    /// <summary>Notifications this silo handles at once.</summary>
    [Range(1, 100, ErrorMessage = "Digest:MaxInFlight must be between 1 and 100.")]
    public int MaxInFlight { get; set; } = 10;

    public string? SmtpHost { get; set; }

    [Range(1, 65535, ErrorMessage = "Digest:SmtpPort must be a TCP port.")]
    public int SmtpPort { get; set; } = 587;

    /// <summary>
    /// TLS is required (STARTTLS, or TLS from the first byte on port 465); only a relay on a trusted network may do
    /// without it (false: plain SMTP).
    /// </summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>Set both, or neither for a relay that takes mail without logging in.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Limit of each SMTP exchange (connect, each command); a digest not sent in time is tried next period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Digest:SmtpTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The sender, e.g. "BuildPeer &lt;digest@buildpeer.example&gt;"; its domain also names the Message-IDs.</summary>
    public string? From { get; set; }

    /// <summary>
    /// For members without an email address of their own: an address made from their user id, e.g.
    /// "{user}@example.com" where user ids are mailbox names. Unset: such members get no digest.
    /// </summary>
    public string? AddressTemplate { get; set; }

    /// <summary>How long a mailed notification is remembered, so that a late duplicate of it is not mailed again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Digest:RememberSentFor must be between 1 minute and 30 days.")]
    public TimeSpan RememberSentFor { get; set; } = TimeSpan.FromDays(2);

    public const string UserPlaceholder = "{user}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AddressTemplate is { Length: > 0 } && !AddressTemplate.Contains(UserPlaceholder, StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Digest:AddressTemplate must contain {UserPlaceholder}.", [nameof(AddressTemplate)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(SmtpHost))
        {
            yield return new ValidationResult("Digest:SmtpHost is required when Digest:Enabled is true.", [nameof(SmtpHost)]);
        }

        if (!MailboxAddress.TryParse(From ?? string.Empty, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return new ValidationResult("Digest:From must be a mailbox such as \"BuildPeer <digest@example.com>\".", [nameof(From)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Digest:Username and Digest:Password go together.", [nameof(Username), nameof(Password)]);
        }
    }
}
