namespace BuildPeer.Grains.Abstractions.Uploads.Catalog;

/// <summary>
/// Reads pages of a project's uploads from the queryable <c>uploads</c> table, newest first. A stateless worker:
/// call it with key 0. It trusts the query's tenant and project, so callers must check access first.
/// </summary>
[Alias("uploads.IUploadCatalogGrain")]
public interface IUploadCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// One page of at most <see cref="UploadListQuery.Limit"/> uploads strictly after <see cref="UploadListQuery.After"/>
    /// in (created at, id) descending order, and the position to continue from, or null on the last page.
    /// </summary>
    [Alias("List")]
    Task<UploadPage> ListAsync(UploadListQuery query);
}
