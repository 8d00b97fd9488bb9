using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using BuildPeer.Grains.Aws;
using Microsoft.Extensions.Options;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// SNS's Query API (form POST, XML reply) over an HttpClient that signs with SigV4. The AWS SDK's SNS package is
/// not available to this project, but AWSSDK.Core's signer and credential chain are, which is all the API needs.
/// </summary>
public sealed class SnsQueryClient : IDisposable
{
    private const string ApiVersion = "2010-03-31";
    private readonly HttpClient _http;

    /// <param name="http">A client whose handler signs requests for the service "sns" (or an emulator's).</param>
    /// <param name="endpoint">The SNS endpoint, e.g. https://sns.eu-west-1.amazonaws.com/.</param>
    public SnsQueryClient(HttpClient http, Uri endpoint)
    {
        _http = http;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// A client for the configured endpoint, region and credentials, resolved the way the SDK's own clients do:
    /// AWS:Region or AWS_REGION; Sns:ServiceUrl, AWS_ENDPOINT_URL_SNS or AWS_ENDPOINT_URL; the default
    /// credentials chain (environment, profile, container and pod identity, instance role).
    /// </summary>
    /// <param name="credentials">Null for the SDK's default chain.</param>
    /// <param name="transport">What sends the signed requests; null for a pooled socket handler.</param>
    public static SnsQueryClient Create(SnsOptions options, AwsSettings aws, AWSCredentials? credentials = null,
        HttpMessageHandler? transport = null)
    {
        var region = !string.IsNullOrWhiteSpace(aws.Region) ? RegionEndpoint.GetBySystemName(aws.Region)
            : FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new OptionsValidationException(AwsSettings.SectionName, typeof(AwsSettings),
                ["No AWS region is configured: set AWS:Region or the AWS_REGION environment variable."]);
        var endpoint = options.ServiceUrl
            ?? EndpointFromEnvironment("AWS_ENDPOINT_URL_SNS")
            ?? EndpointFromEnvironment("AWS_ENDPOINT_URL")
            ?? new Uri($"https://sns.{region.SystemName}.{region.PartitionDnsSuffix}/");

        // The credentials object refreshes itself (role sessions, pod identity); the handler asks it on each request.
        credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        // A bounded connection lifetime lets a long-lived client follow DNS changes of the endpoint.
        transport ??= new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var http = new HttpClient(new SigV4SigningHandler(credentials, region, "sns", transport))
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new SnsQueryClient(http, endpoint);
    }

    /// <summary>
    /// Calls <paramref name="action"/> and returns its <c>&lt;{Action}Result&gt;</c> element. Throws
    /// <see cref="SnsRequestException"/> for an error reply or when SNS could not be reached.
    /// </summary>
    public async Task<XElement> SendAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken ct)
    {
        List<KeyValuePair<string, string>> form = [new("Action", action), new("Version", ApiVersion), .. parameters];
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new FormUrlEncodedContent(form) };
        HttpStatusCode status;
        string body;
        try
        {
            using var response = await _http.SendAsync(request, ct);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException exception)
        {
            throw new SnsRequestException(action, exception.StatusCode, "NetworkError", exception.Message, isTransient: true, exception);
        }
        catch (TaskCanceledException exception) when (!ct.IsCancellationRequested)
        {
            throw new SnsRequestException(action, null, "Timeout", "SNS did not answer in time.", isTransient: true, exception);
        }

        if ((int)status is < 200 or > 299)
        {
            throw SnsRequestException.FromResponse(action, status, body);
        }

        try
        {
            var root = XElement.Parse(body);
            return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? root;
        }
        catch (XmlException exception)
        {
            throw new SnsRequestException(action, status, "MalformedResponse",
                $"The reply is not XML: {exception.Message}", isTransient: false, exception);
        }
    }

    /// <summary>Creates the topic or, as CreateTopic is idempotent, finds the existing one; returns its ARN.</summary>
    public async Task<string> CreateTopicAsync(string name, CancellationToken ct)
    {
        var result = await SendAsync("CreateTopic", [new("Name", name)], ct);
        return RequiredValue(result, "TopicArn", "CreateTopic");
    }

    /// <summary>The text of the first element named <paramref name="name"/> in <paramref name="result"/>.</summary>
    public static string RequiredValue(XElement result, string name, string action) =>
        result.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value is { Length: > 0 } value ? value
        : throw new SnsRequestException(action, null, "MalformedResponse",
            $"The reply has no {name}.", isTransient: false);

    public void Dispose() => _http.Dispose();

    private static Uri? EndpointFromEnvironment(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? new Uri(value) : null;
}
