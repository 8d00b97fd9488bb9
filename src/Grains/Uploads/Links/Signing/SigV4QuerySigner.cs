using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.Grains.Uploads.Links.Signing;

/// <summary>
/// AWS Signature Version 4 in the query string, as S3 checks a presigned URL: canonical request (path encoded once,
/// query and headers sorted, payload unsigned), string to sign, signature with the day's derived key. Pure and
/// cheap: the derived key is kept for the day, so a URL costs two SHA-256 and one HMAC, and the text around them is
/// built in one reused buffer per thread (every initiate signs a URL per file, so its garbage is the silo's).
/// </summary>
public sealed class SigV4QuerySigner
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Service = "s3";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string UpperHex = "0123456789ABCDEF";
    private const int StackBytes = 1024;
    private const int HashLength = 32;

    // Presign never awaits, so one builder per thread cannot be shared by two signatures at once.
    [ThreadStatic]
    private static StringBuilder? t_text;

    private SigningKey? _key;

    /// <summary>The whole URL: <paramref name="target"/>'s origin and path, the signed query, the signature last.</summary>
    public string Presign(PresignTarget target, PresignedRequest request, SigningCredentials credentials, DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var scope = string.Concat(day, "/", target.Region, "/" + Service + "/aws4_request");
        var headers = CanonicalHeaders(request.Headers, target.Authority);
        var signedHeaders = SignedHeaders(headers);
        var canonicalQuery = CanonicalQuery(target, request, credentials, scope, amzDate, signedHeaders);
        var path = target.PathPrefix + UriEncode(request.Key, encodeSlash: false);

        var text = t_text ??= new StringBuilder(1024);
        text.Clear()
            .Append(request.Method).Append('\n')
            .Append(path).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }

        text.Append('\n').Append(signedHeaders).Append('\n').Append(UnsignedPayload);
        Span<byte> hash = stackalloc byte[HashLength];
        HashUtf8(text, hmacKey: null, hash);

        Span<char> hex = stackalloc char[HashLength * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        text.Clear().Append(Algorithm).Append('\n').Append(amzDate).Append('\n').Append(scope).Append('\n').Append(hex);
        HashUtf8(text, KeyFor(credentials.SecretKey, day, target.Region), hash);
        Convert.TryToHexStringLower(hash, hex, out _);

        var url = text.Clear()
            .Append(target.Scheme).Append("://").Append(target.Authority).Append(path)
            .Append('?').Append(canonicalQuery).Append("&X-Amz-Signature=").Append(hex)
            .ToString();
        text.Clear();
        return url;
    }

    /// <summary>
    /// S3's URI encoding: every byte of the UTF-8 form but the unreserved characters as <c>%XX</c> (upper case),
    /// <c>/</c> kept in a path. A value with nothing to encode is returned as it is.
    /// </summary>
    public static string UriEncode(string value, bool encodeSlash)
    {
        var plain = 0;
        while (plain < value.Length && IsUnreserved(value[plain], encodeSlash))
        {
            plain++;
        }

        if (plain == value.Length)
        {
            return value;
        }

        var rest = value.AsSpan(plain);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(rest.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var count = Encoding.UTF8.GetBytes(rest, bytes);
            var encoded = new StringBuilder(plain + (count * 3)).Append(value, 0, plain);
            foreach (var b in bytes[..count])
            {
                if (b < 0x80 && IsUnreserved((char)b, encodeSlash))
                {
                    encoded.Append((char)b);
                }
                else
                {
                    encoded.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
                }
            }

            return encoded.ToString();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsUnreserved(char c, bool encodeSlash) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash);

    /// <summary>Lower-case names with trimmed values, <c>host</c> among them, in ordinal order of name.</summary>
    private static (string Name, string Value)[] CanonicalHeaders(IReadOnlyDictionary<string, string> requested, string host)
    {
        var headers = new (string Name, string Value)[requested.Count + 1];
        var i = 0;
        foreach (var (name, value) in requested)
        {
            headers[i++] = (name.ToLowerInvariant(), CanonicalValue(value));
        }

        headers[i] = ("host", host);
        Array.Sort(headers, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return headers;
    }

    private static string SignedHeaders((string Name, string Value)[] headers)
    {
        var names = new string[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            names[i] = headers[i].Name;
        }

        return string.Join(';', names);
    }

    /// <summary>Every query parameter URI-encoded, sorted by name then value, joined with <c>&amp;</c>.</summary>
    private static string CanonicalQuery(PresignTarget target, PresignedRequest request, SigningCredentials credentials,
        string scope, string amzDate, string signedHeaders)
    {
        var token = credentials.SessionToken is { Length: > 0 } sessionToken ? sessionToken : null;
        var query = new (string Name, string Value)[target.Query.Count + (token is null ? 5 : 6)];
        var i = 0;
        foreach (var (name, value) in target.Query)
        {
            query[i++] = (UriEncode(name, encodeSlash: true), UriEncode(value, encodeSlash: true));
        }

        query[i++] = ("X-Amz-Algorithm", Algorithm);
        query[i++] = ("X-Amz-Credential", UriEncode(string.Concat(credentials.AccessKey, "/", scope), encodeSlash: true));
        query[i++] = ("X-Amz-Date", amzDate);
        query[i++] = ("X-Amz-Expires", request.ExpiresInSeconds.ToString(CultureInfo.InvariantCulture));
        query[i++] = ("X-Amz-SignedHeaders", UriEncode(signedHeaders, encodeSlash: true));
        if (token is not null)
        {
            query[i] = ("X-Amz-Security-Token", UriEncode(token, encodeSlash: true));
        }

        Array.Sort(query, static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0
            ? byName
            : string.CompareOrdinal(a.Value, b.Value));
        var joined = (t_text ??= new StringBuilder(1024)).Clear();
        foreach (var (name, value) in query)
        {
            joined.Append(joined.Length == 0 ? "" : "&").Append(name).Append('=').Append(value);
        }

        var canonical = joined.ToString();
        joined.Clear();
        return canonical;
    }

    /// <summary>Trimmed, inner runs of spaces as one, as SigV4 canonical headers want.</summary>
    private static string CanonicalValue(string value) => IsCanonical(value)
        ? value
        : string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>No white space but single spaces between words: what the split and join above would return unchanged.</summary>
    private static bool IsCanonical(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]) && (value[i] != ' ' || i == 0 || i == value.Length - 1 || char.IsWhiteSpace(value[i + 1])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// SHA-256 of the UTF-8 form of <paramref name="text"/>, or its HMAC-SHA256 under <paramref name="hmacKey"/>,
    /// into <paramref name="destination"/>; the bytes stay on the stack when they fit.
    /// </summary>
    private static void HashUtf8(StringBuilder text, byte[]? hmacKey, Span<byte> destination)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var count = 0;
            foreach (var chunk in text.GetChunks())
            {
                count += Encoding.UTF8.GetBytes(chunk.Span, bytes[count..]);
            }

            if (hmacKey is null)
            {
                SHA256.HashData(bytes[..count], destination);
            }
            else
            {
                HMACSHA256.HashData(hmacKey, bytes[..count], destination);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

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

    private sealed record SigningKey(string Secret, string Day, string Region, byte[] Value);
}
