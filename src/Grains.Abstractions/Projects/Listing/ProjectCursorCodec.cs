using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using BuildPeer.Grains.Abstractions.Paging;

namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>
/// The opaque <c>after</c> cursor of a project listing: a <see cref="CursorSeal"/> of a format version (1), the
/// name's UTF-8 length as two big-endian bytes, the name and the project id, checked against the listing it belongs
/// to (tenant, user, whole tenant or memberships, search). The name is one the caller may see anyway.
/// </summary>
public static class ProjectCursorCodec
{
    private const byte Version = 1;
    private const int NameOffset = 3;

    // Names are at most 200 UTF-16 characters, so at most 600 bytes of UTF-8; the margin costs nothing.
    private const int MaxNameBytes = 1024;
    private const int MaxPayloadLength = NameOffset + MaxNameBytes + ResourceId.MaxLength;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The cursor string for <paramref name="position"/> in the listing <paramref name="query"/> reads.</summary>
    public static string Encode(ProjectCursor position, ProjectListQuery query)
    {
        ArgumentNullException.ThrowIfNull(position);
        ResourceId.Require(position.ProjectId, "project");
        var nameLength = StrictUtf8.GetByteCount(position.Name);
        if (nameLength > MaxNameBytes)
        {
            throw new ArgumentException("A project name in a cursor is at most 1024 bytes of UTF-8.", nameof(position));
        }

        var bytes = new byte[NameOffset + nameLength + position.ProjectId.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), (ushort)nameLength);
        StrictUtf8.GetBytes(position.Name, bytes.AsSpan(NameOffset));
        Encoding.ASCII.GetBytes(position.ProjectId, bytes.AsSpan(NameOffset + nameLength));
        return CursorSeal.Seal(bytes, Scope(query));
    }

    /// <summary>
    /// The position <paramref name="cursor"/> stands for, if it is exactly a string <see cref="Encode"/> returned
    /// for this same listing; false for anything else (malformed, edited, or from another listing or search).
    /// </summary>
    public static bool TryDecode(string? cursor, ProjectListQuery query, [NotNullWhen(true)] out ProjectCursor? position)
    {
        position = null;
        if (!CursorSeal.TryOpen(cursor, Scope(query), MaxPayloadLength, out var bytes)
            || bytes.Length <= NameOffset || bytes[0] != Version)
        {
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(1));
        if (nameLength > MaxNameBytes || NameOffset + nameLength >= bytes.Length)
        {
            return false;
        }

        var name = bytes.AsSpan(NameOffset, nameLength);
        var projectId = Encoding.ASCII.GetString(bytes.AsSpan(NameOffset + nameLength));
        if (!Utf8.IsValid(name) || !ResourceId.IsValid(projectId))
        {
            return false;
        }

        position = new ProjectCursor(Encoding.UTF8.GetString(name), projectId);
        return true;
    }

    private static string Scope(ProjectListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.TenantId);
        ArgumentException.ThrowIfNullOrEmpty(query.UserId);
        return $"buildpeer.projects.cursor\n{CursorSeal.Part(query.TenantId)}{CursorSeal.Part(query.UserId)}"
            + $"{(query.WholeTenant ? "tenant" : "member")}\n{CursorSeal.Part(query.Search ?? string.Empty)}";
    }
}
