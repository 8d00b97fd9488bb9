using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>
/// AWS Signature Version 4 in the query string, as S3 checks a presigned URL: canonical request (path encoded once,
/// query and headers sorted, payload unsigned), string to sign, signature with the day's derived key. Pure and
/// cheap: the derived key is kept for the day, so a URL costs two SHA-256 and one HMAC.
/// </summary>
public sealed class SigV4QuerySigner
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "s3";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private SigningKey? _key;

    /// <summary>The whole URL: <paramref name="target"/>'s origin and path, the signed query, the signature last.</summary>
    public string Presign(PresignTarget target, PresignedRequest request, SigningCredentials credentials, DateTimeOffset signedAt)
    {
        var utc = signedAt.UtcDateTime;
        var day = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{day}/{target.Region}/{Service}/aws4_request";
        var headers = request.Headers
            .Select(header => (Name: header.Key.ToLowerInvariant(), Value: CanonicalValue(header.Value)))
            .Append(("host", target.Authority))
            .OrderBy(header => header.Item1, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', headers.Select(header => header.Item1));

        var query = new List<(string Name, string Value)>(target.Query)
        {
            ("X-Amz-Algorithm", Algorithm),
            ("X-Amz-Credential", $"{credentials.AccessKey}/{scope}"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", request.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture)),
            ("X-Amz-SignedHeaders", signedHeaders),
        };
        if (credentials.SessionToken is { Length: > 0 } token)
        {
            query.Add(("X-Amz-Security-Token", token));
        }

        var canonicalQuery = string.Join('&', query
            .Select(pair => (Name: UriEncode(pair.Name, encodeSlash: true), Value: UriEncode(pair.Value, encodeSlash: true)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Name + "=" + pair.Value));
        var path = target.PathPrefix + UriEncode(request.Key, encodeSlash: false);

        var canonicalRequest = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(path).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonicalRequest.Append(name).Append(':').Append(value).Append('\n');
        }

        canonicalRequest.Append('\n').Append(signedHeaders).Append('\n').Append(UnsignedPayload);

        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest.ToString())))}";
        var signature = Hex(HMACSHA256.HashData(KeyFor(credentials.SecretKey, day, target.Region), Encoding.UTF8.GetBytes(stringToSign)));

        return $"{target.Scheme}://{target.Authority}{path}?{canonicalQuery}&X-Amz-Signature={signature}";
    }

    /// <summary>
    /// S3's URI encoding: every byte of the UTF-8 form but the unreserved characters as <c>%XX</c> (upper case),
    /// <c>/</c> kept in a path.
    /// </summary>
    public static string UriEncode(string value, bool encodeSlash)
    {
        var encoded = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>Trimmed, inner runs of spaces as one, as SigV4 canonical headers want.</summary>
    private static string CanonicalValue(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private byte[] KeyFor(string secret, string day, string region)
    {
        // One reference swap: concurrent signers at most derive the same key twice.
        var key = _key;
        if (key is null || key.Day != day || key.Region != region || key.Secret != secret)
        {
            var date = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(day));
            var regional = HMACSHA256.HashData(date, Encoding.UTF8.GetBytes(region));
            var service = HMACSHA256.HashData(regional, Encoding.UTF8.GetBytes(Service));
            key = new SigningKey(secret, day, region, HMACSHA256.HashData(service, "aws4_request"u8));
            _key = key;
        }

        return key.Value;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private sealed record SigningKey(string Secret, string Day, string Region, byte[] Value);
}
