using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>
/// The opaque <c>cursor</c> of a listing: base64url (no padding) of 33 bytes, a format version (1), the created-at
/// time as big-endian microseconds since the Unix epoch (the database's own precision, so nothing is rounded), the
/// id's 16 bytes in RFC 9562 order, and an 8-byte check over those and the listing the cursor belongs to (tenant,
/// project, status filter).
/// </summary>
/// <remarks>
/// The check makes a corrupted, edited or truncated cursor, or one reused for another listing, a clear
/// <see cref="ErrorCodes.InvalidCursor"/> instead of a silently different page. It is not a secret
/// signature and needs not be: every query is scoped by the caller's verified tenant and project, so a forged
/// cursor can only move within uploads the caller may list anyway.
/// </remarks>
public static class UploadCursorCodec
{
    private const byte Version = 1;
    private const int TimeOffset = 1;
    private const int IdOffset = TimeOffset + sizeof(long);
    private const int CheckOffset = IdOffset + 16;
    private const int CheckLength = 8;
    private const int ByteLength = CheckOffset + CheckLength;

    /// <summary>Base64url characters of <see cref="ByteLength"/> bytes without padding.</summary>
    public static readonly int EncodedLength = Base64Url.GetEncodedLength(ByteLength);

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;
    private static readonly long MinMicroseconds = (DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;
    private static readonly long MaxMicroseconds = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;

    /// <summary>
    /// The cursor string for <paramref name="position"/> in the listing of <paramref name="projectId"/> in
    /// <paramref name="tenantId"/> filtered by <paramref name="status"/>. The time must be whole microseconds, as
    /// every time read from PostgreSQL is; a finer one would not name a row exactly.
    /// </summary>
    public static string Encode(UploadCursor position, string tenantId, string projectId, UploadStatus? status)
    {
        ArgumentNullException.ThrowIfNull(position);
        var ticks = position.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks % TicksPerMicrosecond != 0)
        {
            throw new ArgumentException("A cursor's time must be whole microseconds (as PostgreSQL stores it).", nameof(position));
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[TimeOffset..], ticks / TicksPerMicrosecond);
        position.Id.TryWriteBytes(bytes[IdOffset..CheckOffset], bigEndian: true, out _);
        WriteCheck(bytes[..CheckOffset], tenantId, projectId, status, bytes[CheckOffset..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The position <paramref name="cursor"/> stands for, if it is exactly a string <see cref="Encode"/> returned
    /// for this same listing; false for anything else (malformed, edited, or from another listing).
    /// </summary>
    public static bool TryDecode(string? cursor, string tenantId, string projectId, UploadStatus? status,
        [NotNullWhen(true)] out UploadCursor? position)
    {
        position = null;
        // Only the alphabet: the decoder would skip whitespace, and it throws (Try or not) on other characters.
        if (cursor is null || cursor.Length != EncodedLength || cursor.AsSpan().ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != ByteLength
            // The decoder ignores unused trailing bits; only the one canonical spelling is ours.
            || !string.Equals(Base64Url.EncodeToString(bytes), cursor, StringComparison.Ordinal)
            || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> expectedCheck = stackalloc byte[CheckLength];
        WriteCheck(bytes[..CheckOffset], tenantId, projectId, status, expectedCheck);
        if (!CryptographicOperations.FixedTimeEquals(expectedCheck, bytes[CheckOffset..]))
        {
            return false;
        }

        var microseconds = BinaryPrimitives.ReadInt64BigEndian(bytes[TimeOffset..]);
        if (microseconds < MinMicroseconds || microseconds > MaxMicroseconds)
        {
            return false;
        }

        position = new UploadCursor(
            DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond),
            new Guid(bytes[IdOffset..CheckOffset], bigEndian: true));
        return true;
    }

    private static void WriteCheck(ReadOnlySpan<byte> payload, string tenantId, string projectId, UploadStatus? status, Span<byte> check)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        // Lengths first, so that no two different listings can produce the same input.
        var scope = $"buildpeer.uploads.cursor\n{tenantId.Length}:{tenantId}\n{projectId.Length}:{projectId}\n{status?.ToWireName() ?? "*"}\n";
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var input = new byte[payload.Length + scopeBytes.Length];
        payload.CopyTo(input);
        scopeBytes.CopyTo(input.AsSpan(payload.Length));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        hash[..CheckLength].CopyTo(check);
    }
}
