using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;

namespace BuildPeer.Gateway.Projects.Listing;

/// <summary>
/// Body of <c>GET /api/projects/{projectId}/uploads</c>: a page of uploads, newest first, and the cursor of the next
/// page (null on the last one).
/// </summary>
public sealed record ProjectUploadsResponse(IReadOnlyList<ProjectUpload> Uploads, string? NextCursor)
{
    /// <summary>The page as clients see it; the next position becomes an opaque cursor bound to this listing.</summary>
    public static ProjectUploadsResponse From(UploadPage page, UploadListQuery query) => new(
        page.Items.Select(ProjectUpload.From).ToList(),
        page.Next is { } next ? UploadCursorCodec.Encode(next, query.TenantId, query.ProjectId, query.Status) : null);
}

/// <summary>One upload of a project's listing; <see cref="Status"/> in the upper-case wire form.</summary>
public sealed record ProjectUpload(
    Guid UploadId,
    string Filename,
    string ContentType,
    long Size,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UploadedAt,
    DateTimeOffset? ProcessedAt,
    string? Error)
{
    public static ProjectUpload From(UploadListItem item) => new(
        item.UploadId, item.FileName, item.ContentType, item.Size, item.Status.ToWireName(),
        item.CreatedAt, item.UploadedAt, item.ProcessedAt, item.Error);
}
