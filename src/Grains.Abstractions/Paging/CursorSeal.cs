using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace BuildPeer.Grains.Abstractions.Paging;

/// <summary>
/// The envelope of the listings' opaque cursors: base64url (no padding) of a payload followed by an 8-byte check,
/// the first 8 bytes of SHA-256 over the payload and a scope naming the listing the cursor belongs to.
/// </summary>
/// <remarks>
/// The check makes a corrupted, edited or truncated cursor, or one reused for another listing, a clear refusal
/// instead of a silently different page. It is not a secret signature and needs not be: every listing is scoped by
/// the caller's verified identity, so a forged cursor can only move within what the caller may list anyway.
/// </remarks>
public static class CursorSeal
{
    public const int CheckLength = 8;

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The cursor string of <paramref name="payload"/> in the listing named by <paramref name="scope"/>.</summary>
    public static string Seal(ReadOnlySpan<byte> payload, string scope)
    {
        var bytes = new byte[payload.Length + CheckLength];
        payload.CopyTo(bytes);
        WriteCheck(payload, scope, bytes.AsSpan(payload.Length));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The payload of <paramref name="cursor"/> if it is exactly a string <see cref="Seal"/> returned for this
    /// <paramref name="scope"/> with a payload of at most <paramref name="maxPayloadLength"/> bytes; false otherwise.
    /// </summary>
    public static bool TryOpen(string? cursor, string scope, int maxPayloadLength, [NotNullWhen(true)] out byte[]? payload)
    {
        payload = null;
        // Only the alphabet: the decoder would skip whitespace.
        if (cursor is null || cursor.Length > Base64Url.GetEncodedLength(maxPayloadLength + CheckLength)
            || cursor.AsSpan().ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= CheckLength
            // The decoder ignores unused trailing bits; only the one canonical spelling is ours.
            || !string.Equals(Base64Url.EncodeToString(bytes), cursor, StringComparison.Ordinal))
        {
            return false;
        }

        var body = bytes.AsSpan(0, bytes.Length - CheckLength);
        Span<byte> expected = stackalloc byte[CheckLength];
        WriteCheck(body, scope, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - CheckLength)))
        {
            return false;
        }

        payload = body.ToArray();
        return true;
    }

    /// <summary>One line of a scope: its length first, so that no two different listings spell the same scope.</summary>
    public static string Part(string value) => $"{value.Length}:{value}\n";

    private static void WriteCheck(ReadOnlySpan<byte> payload, string scope, Span<byte> check)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var input = new byte[payload.Length + scopeBytes.Length];
        payload.CopyTo(input);
        scopeBytes.CopyTo(input.AsSpan(payload.Length));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        hash[..CheckLength].CopyTo(check);
    }
}
