using BuildPeer.Grains.Abstractions.Operations;
using BuildPeer.Grains.Uploads.Intake;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Operations;

/// <summary>
/// Counts per tenant, project and status and the oldest unfinished uploads from the <c>uploads</c> table, and the
/// depth of the event queue and its dead-letter queue from SQS. One activation per silo: operators ask rarely.
/// </summary>
[StatelessWorker(1)]
public sealed class UploadsOverviewGrain(
    NpgsqlDataSource dataSource,
    QueueDepthReader queues,
    IOptions<SqsOptions> sqsOptions,
    TimeProvider time) : Grain, IUploadsOverviewGrain
{
    public async Task<UploadsOverview> GetAsync(UploadsOverviewQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Oldest, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Oldest, UploadsOverviewQuery.MaxOldest);

        var sqs = sqsOptions.Value;
        var events = queues.ReadAsync(sqs.UploadEventsQueueName, CancellationToken.None);
        var deadLetters = queues.ReadAsync(sqs.DeadLetterQueueName, CancellationToken.None);
        var (projects, truncated) = await CountAsync(query);
        var oldest = await OldestUnfinishedAsync(query);
        return new UploadsOverview(time.GetUtcNow(), projects, truncated, oldest, await events, await deadLetters);
    }

    private async Task<(List<ProjectUploadCounts> Projects, bool Truncated)> CountAsync(UploadsOverviewQuery query)
    {
        await using var command = Command(UploadsOverviewSql.CountsByProjectAndStatus, query);
        var projects = new List<ProjectUploadCounts>();
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync() && ++rows <= UploadsOverviewSql.MaxCountRows)
        {
            var (tenant, project) = (reader.GetString(0), reader.GetString(1));
            if (projects is not [.., var last] || last.TenantId != tenant || last.ProjectId != project)
            {
                projects.Add(last = new ProjectUploadCounts(tenant, project, new Dictionary<string, long>(StringComparer.Ordinal)));
            }

            ((Dictionary<string, long>)last.ByStatus)[reader.GetString(2)] = reader.GetInt64(3);
        }

        return (projects, rows > UploadsOverviewSql.MaxCountRows);
    }

    private async Task<List<UnfinishedUpload>> OldestUnfinishedAsync(UploadsOverviewQuery query)
    {
        await using var command = Command(UploadsOverviewSql.OldestUnfinished, query);
        command.Parameters.AddWithValue("limit", query.Oldest);
        var uploads = new List<UnfinishedUpload>(query.Oldest);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            uploads.Add(new UnfinishedUpload(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return uploads;
    }

    private NpgsqlCommand Command(string sql, UploadsOverviewQuery query)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string?>("tenant", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = query.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string?>("project", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = query.ProjectId });
        return command;
    }
}
