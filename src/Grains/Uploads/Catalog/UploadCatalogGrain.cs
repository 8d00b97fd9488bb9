using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Catalog;
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
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        var items = new List<UploadListItem>(query.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                items.Add(ReadItem(reader));
            }
        }

        // The extra row only says that there is more: the page ends at the last row it shows.
        if (items.Count <= query.Limit)
        {
            return new UploadPage(items, Next: null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new UploadPage(items, new UploadCursor(last.CreatedAt, last.UploadId));
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
