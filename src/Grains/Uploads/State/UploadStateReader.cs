using BuildPeer.Grains.Batching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// Activation reads of upload state, batched like <see cref="UploadStateWriter"/>'s writes: the reads that arrive
/// while one statement is in flight go out together as one <c>= ANY</c> look-up. Every upload event activates its
/// upload again (a new upload's activation ends once its URLs are out), and each must read before it may write; under
/// load this turns a round trip an event into a fraction of one. A failed statement fails each of its readers (the
/// activation fails and is retried by its caller).
/// </summary>
public sealed class UploadStateReader : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly StatementBatches<PendingRead> _batches;
    private long _statements;

    public UploadStateReader([FromKeyedServices(BatchedStatementsDataSource.Key)] NpgsqlDataSource dataSource, IOptions<UploadStateOptions> options, IOptions<ClusterOptions> cluster)
    {
        _dataSource = dataSource;
        _serviceId = cluster.Value.ServiceId;
        _batches = new StatementBatches<PendingRead>(ExecuteAsync, options.Value.MaxBatchSize, TimeSpan.Zero);
    }

    /// <summary>Read statements sent so far; tests count batches by it.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>The stored row, or null when this upload has none.</summary>
    public Task<StoredUploadState?> ReadAsync(Guid id)
    {
        var pending = new PendingRead(id);
        ObjectDisposedException.ThrowIf(!_batches.TryAdd(pending), this);
        return pending.Completion.Task;
    }

    public ValueTask DisposeAsync() => _batches.DisposeAsync();

    private async Task ExecuteAsync(List<PendingRead> batch)
    {
        Interlocked.Increment(ref _statements);
        var found = await ReadBatchAsync(batch);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult(found.GetValueOrDefault(pending.Id));
        }
    }

    private async Task<Dictionary<Guid, StoredUploadState>> ReadBatchAsync(List<PendingRead> batch)
    {
        await using var command = _dataSource.CreateCommand(UploadStateSql.ReadMany);
        command.Parameters.Add(new NpgsqlParameter { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = batch.Select(pending => pending.Id).Distinct().ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid,
        });

        var found = new Dictionary<Guid, StoredUploadState>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetGuid(0)] = new StoredUploadState(reader.IsDBNull(1) ? null : (byte[])reader[1], reader.GetInt32(2));
        }

        return found;
    }

    private sealed class PendingRead(Guid id) : BatchedCall<StoredUploadState?>
    {
        public Guid Id { get; } = id;
    }
}
