using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Uploads.Feed;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;

namespace BuildPeer.Grains.Uploads.Feed;

/// <summary>
/// The current state of a project's live uploads. The table says which uploads; each upload's grain says how it is
/// now (the table may trail the grain by a write, and only the grain signs thumbnail and download URLs).
/// </summary>
[StatelessWorker]
public sealed class ProjectFeedSnapshotGrain(NpgsqlDataSource dataSource, IOptions<FeedOptions> options, TimeProvider time)
    : Grain, IProjectFeedSnapshotGrain
{
    /// <summary>Grain calls in flight at once, so a large snapshot does not flood the cluster in one burst.</summary>
    private const int Batch = 64;

    public async Task<IReadOnlyList<UploadChanged>> GetCurrentAsync(string tenantId, string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(projectId);

        var ids = new List<Guid>();
        await using (var command = dataSource.CreateCommand(ProjectFeedSql.Text))
        {
            command.Parameters.AddRange(ProjectFeedSql.Parameters(tenantId, projectId,
                time.GetUtcNow() - UploadFeed.RecentlyFinishedWindow, options.Value.SnapshotLimit).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        var changes = new List<UploadChanged>(ids.Count);
        foreach (var batch in ids.Chunk(Batch))
        {
            var read = await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IUploadGrain>(id).GetChangeAsync(tenantId)));
            changes.AddRange(read.OfType<UploadChanged>());
        }

        return changes.OrderBy(change => change.OccurredAt).ToList();
    }
}
