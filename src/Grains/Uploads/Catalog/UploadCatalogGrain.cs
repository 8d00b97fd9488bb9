using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
using BuildPeer.Grains.Paging;
using Npgsql;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Uploads.Catalog;

/// <summary>
/// Lists a project's uploads from the <c>uploads</c> table (the grains' projection, see docs/architecture.md). Holds
/// no state, so reads spread over every silo; the database does the work, off the indexes of 0006.
/// </summary>
[StatelessWorker]
public sealed class UploadCatalogGrain(NpgsqlDataSource dataSource) : Grain, IUploadCatalogGrain
{
    public async Task<UploadPage> ListAsync(UploadListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.EnsureValid();

        var (sql, parameters) = UploadCatalogSql.Build(query);
        var (items, more) = await KeysetPageReader.ReadAsync(dataSource, sql, parameters, query.Limit, ReadItem);
        return new UploadPage(items, more ? new UploadCursor(items[^1].CreatedAt, items[^1].UploadId) : null);
    }

    private static UploadListItem ReadItem(NpgsqlDataReader reader) => new(
        UploadId: reader.GetGuid(0),
        FileName: reader.GetString(1),
        ContentType: reader.GetString(2),
        Size: reader.GetInt64(3),
        Status: UploadStatusExtensions.ParseWireName(reader.GetString(4)),
        CreatedAt: reader.GetFieldValue<DateTimeOffset>(5),
        UploadedAt: reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        ProcessedAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        Error: reader.IsDBNull(8) ? null : reader.GetString(8));
}
