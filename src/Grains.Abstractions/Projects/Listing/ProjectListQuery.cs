using System.Diagnostics.CodeAnalysis;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Paging;

namespace BuildPeer.Grains.Abstractions.Projects.Listing;

/// <summary>
/// Which page of a project listing to read: the projects of <see cref="TenantId"/> that <see cref="UserId"/> is a
/// member of, or every project of the tenant when <see cref="WholeTenant"/> (tenant admins), whose name or id
/// contains <see cref="Search"/> (null: all), by (name, id), at most <see cref="Limit"/>, strictly after
/// <see cref="After"/>. Build it from a client's request with <see cref="TryParse"/>, which checks every part.
/// </summary>
[GenerateSerializer, Immutable, Alias("projects.ProjectListQuery")]
public sealed record ProjectListQuery(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string UserId,
    [property: Id(2)] bool WholeTenant,
    [property: Id(3)] string? Search,
    [property: Id(4)] int Limit,
    [property: Id(5)] ProjectCursor? After)
{
    public const int DefaultLimit = 500;
    public const int MinLimit = 1;
    public const int MaxLimit = 500;

    /// <summary>
    /// Reads a client's listing request, given as the raw query-string values (null or empty: not given). The
    /// caller's tenant, user and reach (<paramref name="wholeTenant"/>) must be the verified ones; the cursor must
    /// have been issued for this same caller, reach and search.
    /// </summary>
    public static bool TryParse(
        string tenantId,
        string userId,
        bool wholeTenant,
        string? q,
        string? limit,
        string? after,
        [NotNullWhen(true)] out ProjectListQuery? query,
        [NotNullWhen(false)] out ProjectListError? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        query = null;

        if (!ProjectSearch.TryNormalize(q, out var search))
        {
            error = new ProjectListError(ErrorCodes.InvalidSearch,
                $"q must be at most {ProjectSearch.MaxLength} characters without control characters.");
            return false;
        }

        if (!PageLimit.TryParse(limit, MinLimit, MaxLimit, DefaultLimit, out var pageSize))
        {
            error = new ProjectListError(ErrorCodes.InvalidLimit, PageLimit.Rule(MinLimit, MaxLimit, DefaultLimit));
            return false;
        }

        var first = new ProjectListQuery(tenantId, userId, wholeTenant, search, pageSize, After: null);
        ProjectCursor? position = null;
        if (!string.IsNullOrEmpty(after) && !ProjectCursorCodec.TryDecode(after, first, out position))
        {
            error = new ProjectListError(ErrorCodes.InvalidCursor,
                "after must be a nextCursor returned by this same listing (same user and q), unchanged.");
            return false;
        }

        query = first with { After = position };
        error = null;
        return true;
    }

    /// <summary>Throws unless the query is one <see cref="TryParse"/> could have built.</summary>
    public void EnsureValid()
    {
        ArgumentException.ThrowIfNullOrEmpty(TenantId);
        ArgumentException.ThrowIfNullOrEmpty(UserId);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, MinLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit);
        if (Search is not null && !ProjectSearch.IsAcceptable(Search))
        {
            throw new ArgumentException("The search is not one ProjectSearch accepts.", nameof(Search));
        }

        if (After is not null)
        {
            ResourceId.Require(After.ProjectId, "project");
        }
    }
}
