using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BuildPeer.Grains.MobilePush;

/// <summary>What to do after FCM's answer to one send.</summary>
public enum FcmOutcome
{
    /// <summary>FCM took the message.</summary>
    Sent,

    /// <summary>The token is dead (UNREGISTERED, or INVALID_ARGUMENT about the token): forget the device.</summary>
    DeadToken,

    /// <summary>The access token was refused (401): get a new one and send again, once.</summary>
    Unauthorized,

    /// <summary>Throttled (429) or an FCM failure (5xx): send again after a while.</summary>
    Retry,

    /// <summary>Refused for a reason sending again cannot cure (the message, the project): give up on this one.</summary>
    Rejected,
}

/// <summary>FCM's answer, classified; <see cref="RetryAfter"/> is what FCM asked to wait, if it said.</summary>
public sealed record FcmAnswer(FcmOutcome Outcome, HttpStatusCode Status, string? ErrorCode, TimeSpan? RetryAfter)
{
    /// <summary>
    /// Classifies an HTTP v1 answer by status, by the FcmError <c>errorCode</c> of its body and, for INVALID_ARGUMENT,
    /// by whether the complaint is about the token (a malformed or foreign token is as dead as an unregistered one).
    /// </summary>
    public static FcmAnswer Classify(HttpStatusCode status, string? body, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var (errorCode, aboutToken) = ReadError(body);
        var outcome = (int)status switch
        {
            >= 200 and < 300 => FcmOutcome.Sent,
            _ when errorCode == "UNREGISTERED" || status == HttpStatusCode.NotFound => FcmOutcome.DeadToken,
            400 when aboutToken => FcmOutcome.DeadToken,
            401 => FcmOutcome.Unauthorized,
            429 or >= 500 => FcmOutcome.Retry,
            _ => FcmOutcome.Rejected,
        };
        return new FcmAnswer(outcome, status, errorCode, outcome == FcmOutcome.Retry ? Delay(retryAfter, now) : null);
    }

    /// <summary>Retry-After as a wait: seconds, or a date (never negative).</summary>
    public static TimeSpan? Delay(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static (string? ErrorCode, bool AboutToken) ReadError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, false);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, false);
            }

            string? errorCode = null;
            var aboutToken = error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && message.GetString()!.Contains("registration token", StringComparison.OrdinalIgnoreCase);
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray().Where(detail => detail.ValueKind == JsonValueKind.Object))
                {
                    if (detail.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        errorCode ??= code.GetString();
                    }

                    aboutToken |= detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array
                        && violations.EnumerateArray().Any(violation => violation.ValueKind == JsonValueKind.Object
                            && violation.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String
                            && field.GetString() == "message.token");
                }
            }

            if (errorCode is null && error.TryGetProperty("status", out var statusName) && statusName.ValueKind == JsonValueKind.String)
            {
                errorCode = statusName.GetString();
            }

            return (errorCode, aboutToken);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
