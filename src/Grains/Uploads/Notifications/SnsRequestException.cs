using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// SNS refused a request, or could not be reached. <see cref="IsTransient"/> says whether the same request may
/// succeed later (throttling, server errors, network); otherwise the request itself is wrong (4xx: a missing topic,
/// no permission) and retrying it cannot help.
/// </summary>
public sealed class SnsRequestException : Exception
{
    // Codes SNS (and the AWS Query protocol in general) uses for "slow down" or "try again", whatever the status.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "TooManyRequestsException",
        "InternalError", "InternalFailure", "ServiceUnavailable", "KMSThrottling",
    };

    public SnsRequestException(string action, HttpStatusCode? statusCode, string code, string message, bool isTransient,
        Exception? inner = null)
        : base($"SNS {action} failed: {code}: {message}", inner)
    {
        Action = action;
        StatusCode = statusCode;
        Code = code;
        IsTransient = isTransient;
    }

    /// <summary>The SNS action that failed, e.g. Publish.</summary>
    public string Action { get; }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>SNS's error code (e.g. NotFound, AuthorizationError, Throttling).</summary>
    public string Code { get; }

    public bool IsTransient { get; }

    /// <summary>Reads the Query API's error document (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>).</summary>
    public static SnsRequestException FromResponse(string action, HttpStatusCode statusCode, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            var error = XElement.Parse(body).DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
        }
        catch (XmlException)
        {
            // Not the Query API's error document (a proxy or load balancer answered): the status says enough.
        }

        code = string.IsNullOrWhiteSpace(code) ? $"Http{(int)statusCode}" : code;
        message = string.IsNullOrWhiteSpace(message) ? Truncate(body, 200) : message;
        var transient = (int)statusCode >= 500 || statusCode == HttpStatusCode.TooManyRequests || TransientCodes.Contains(code);
        return new SnsRequestException(action, statusCode, code, message, transient);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
