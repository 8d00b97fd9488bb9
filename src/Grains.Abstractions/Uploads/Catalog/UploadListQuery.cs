using System.Diagnostics.CodeAnalysis;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Paging;

namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>
/// Which page of a project's uploads to read: newest first, optionally only one <see cref="Status"/>, at most
/// <see cref="Limit"/> of them, strictly after <see cref="After"/> (null: from the newest). Build it from a
/// client's request with <see cref="TryParse"/>, which checks every part.
/// </summary>
[GenerateSerializer, Immutable, Alias("uploads.UploadListQuery")]
public sealed record UploadListQuery(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string ProjectId,
    [property: Id(2)] UploadStatus? Status,
    [property: Id(3)] int Limit,
    [property: Id(4)] UploadCursor? After)
{
    public const int DefaultLimit = 50;
    public const int MinLimit = 1;
    public const int MaxLimit = 200;

    /// <summary>
    /// Reads a client's listing request, given as the raw query-string values (null or empty: not given). The
    /// cursor must have been issued for this same tenant, project and status filter.
    /// </summary>
    public static bool TryParse(
        string tenantId,
        string projectId,
        string? status,
        string? limit,
        string? cursor,
        [NotNullWhen(true)] out UploadListQuery? query,
        [NotNullWhen(false)] out UploadListError? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        query = null;

        UploadStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!UploadStatusExtensions.TryParseWireName(status, out var parsed))
            {
                error = new UploadListError(ErrorCodes.InvalidStatus,
                    $"status must be one of {string.Join(", ", Enum.GetValues<UploadStatus>().Select(known => known.ToWireName()))}.");
                return false;
            }

            statusFilter = parsed;
        }

        if (!PageLimit.TryParse(limit, MinLimit, MaxLimit, DefaultLimit, out var pageSize))
        {
            error = new UploadListError(ErrorCodes.InvalidLimit, PageLimit.Rule(MinLimit, MaxLimit, DefaultLimit));
            return false;
        }

        UploadCursor? after = null;
        if (!string.IsNullOrEmpty(cursor)
            && !UploadCursorCodec.TryDecode(cursor, tenantId, projectId, statusFilter, out after))
        {
            error = new UploadListError(ErrorCodes.InvalidCursor,
                "cursor must be a nextCursor returned by this same listing (same project and status), unchanged.");
            return false;
        }

        query = new UploadListQuery(tenantId, projectId, statusFilter, pageSize, after);
        error = null;
        return true;
    }

    /// <summary>Throws unless the query is one <see cref="TryParse"/> could have built.</summary>
    public void EnsureValid()
    {
        ArgumentException.ThrowIfNullOrEmpty(TenantId);
        ArgumentException.ThrowIfNullOrEmpty(ProjectId);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, MinLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
        if (Status is { } status && !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(Status), status, "Unknown upload status.");
        }
    }
}
