using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Paging;

namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>
/// The opaque <c>cursor</c> of a listing: a <see cref="CursorSeal"/> of 25 bytes, a format version (1), the
/// created-at time as big-endian microseconds since the Unix epoch (the database's own precision, so nothing is
/// rounded) and the id's 16 bytes in RFC 9562 order, checked against the listing the cursor belongs to (tenant,
/// project, status filter).
/// </summary>
/// <remarks>
/// The check makes a corrupted, edited or truncated cursor, or one reused for another listing, a clear
/// <see cref="ErrorCodes.InvalidCursor"/> instead of a silently different page.
/// </remarks>
public static class UploadCursorCodec
{
    private const byte Version = 1;
    private const int TimeOffset = 1;
    private const int IdOffset = TimeOffset + sizeof(long);
    private const int PayloadLength = IdOffset + 16;

    /// <summary>Base64url characters of a cursor without padding.</summary>
    public static readonly int EncodedLength = Base64Url.GetEncodedLength(PayloadLength + CursorSeal.CheckLength);

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

        Span<byte> bytes = stackalloc byte[PayloadLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[TimeOffset..], ticks / TicksPerMicrosecond);
        position.Id.TryWriteBytes(bytes[IdOffset..], bigEndian: true, out _);
        return CursorSeal.Seal(bytes, Scope(tenantId, projectId, status));
    }

    /// <summary>
    /// The position <paramref name="cursor"/> stands for, if it is exactly a string <see cref="Encode"/> returned
    /// for this same listing; false for anything else (malformed, edited, or from another listing).
    /// </summary>
    public static bool TryDecode(string? cursor, string tenantId, string projectId, UploadStatus? status,
        [NotNullWhen(true)] out UploadCursor? position)
    {
        position = null;
        if (!CursorSeal.TryOpen(cursor, Scope(tenantId, projectId, status), PayloadLength, out var bytes)
            || bytes.Length != PayloadLength || bytes[0] != Version)
        {
            return false;
        }

        var microseconds = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(TimeOffset));
        if (microseconds < MinMicroseconds || microseconds > MaxMicroseconds)
        {
            return false;
        }

        position = new UploadCursor(
            DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond),
            new Guid(bytes.AsSpan(IdOffset), bigEndian: true));
        return true;
    }

    private static string Scope(string tenantId, string projectId, UploadStatus? status)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return $"buildpeer.uploads.cursor\n{CursorSeal.Part(tenantId)}{CursorSeal.Part(projectId)}{status?.ToWireName() ?? "*"}\n";
    }
}
