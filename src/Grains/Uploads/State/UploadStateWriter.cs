using BuildPeer.Grains.Batching;
using BuildPeer.Grains.Uploads.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>
/// Group commit for upload state: the writes that arrive while a batch is in flight (or within
/// <see cref="UploadStateOptions.BatchWindow"/>) go to PostgreSQL as one multi-row statement, so a busy silo pays
/// one commit for many uploads' changes. Each caller completes when its row is durable; a batch that fails (the
/// database away) fails every one of its callers, whose grains start again from what is durable.
/// </summary>
public sealed class UploadStateWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly UploadStateOptions _options;
    private readonly string _serviceId;
    private readonly StatementBatches<PendingWrite> _batches;
    private long _statements;

    public UploadStateWriter([FromKeyedServices(BatchedStatementsDataSource.Key)] NpgsqlDataSource dataSource, IOptions<UploadStateOptions> options, IOptions<ClusterOptions> cluster)
    {
        _dataSource = dataSource;
        _options = options.Value;
        _serviceId = cluster.Value.ServiceId;
        // A second write of one id within a batch waits for the next: one statement may touch a row only once.
        _batches = new StatementBatches<PendingWrite>(ExecuteAsync, _options.MaxBatchSize, _options.BatchWindow, pending => pending.Row.Id,
            isolateRefusals: true);
    }

    /// <summary>Write statements sent so far (each one commit); tests count batches by it.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>The state's new version, or null when <see cref="UploadStateRow.ExpectedVersion"/> was stale.</summary>
    public Task<int?> WriteAsync(UploadStateRow row)
    {
        var pending = new PendingWrite(row);
        ObjectDisposedException.ThrowIf(!_batches.TryAdd(pending), this);

        return pending.Completion.Task;
    }

    public ValueTask DisposeAsync() => _batches.DisposeAsync();

    /// <summary>A row PostgreSQL refuses (a constraint) fails only its own writer, not every upload beside it.</summary>
    private async Task ExecuteAsync(List<PendingWrite> batch)
    {
        Interlocked.Increment(ref _statements);
        var written = await WriteBatchAsync(batch);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult(written.TryGetValue(pending.Row.Id, out var version) ? version : null);
        }
    }

    private async Task<Dictionary<Guid, int>> WriteBatchAsync(List<PendingWrite> batch)
    {
        await using var command = _dataSource.CreateCommand(UploadStateSql.Write);
        var rows = batch.ConvertAll(pending => pending.Row);
        // Every text goes through PostgresText, as in PostgresUploadRecordStore: one unstorable character must not
        // fail the batch, and with it every other upload's write.
        Add(command, "uuid[]", Column(rows, row => row.Id));
        Add(command, "integer[]", Column(rows, row => row.ExpectedVersion));
        Add(command, "bytea[]", Column(rows, row => row.Payload));
        Add(command, "boolean[]", Column(rows, row => row.Record is not null));
        Add(command, "text[]", Texts(rows, record => record.TenantId));
        Add(command, "text[]", Texts(rows, record => record.ProjectId));
        Add(command, "text[]", Texts(rows, record => record.UserId));
        Add(command, "text[]", Texts(rows, record => record.FileName));
        Add(command, "text[]", Texts(rows, record => record.S3Key));
        Add(command, "text[]", Texts(rows, record => record.ContentType));
        Add(command, "bigint[]", Column(rows, row => row.Record?.Size));
        Add(command, "text[]", Texts(rows, record => record.Status));
        Add(command, "text[]", Texts(rows, record => record.Error));
        Add(command, "text[]", Texts(rows, record => record.ETag));
        Add(command, "timestamp with time zone[]", Column(rows, row => row.Record?.CreatedAt.UtcDateTime));
        Add(command, "timestamp with time zone[]", Column(rows, row => row.Record?.UploadedAt?.UtcDateTime));
        Add(command, "timestamp with time zone[]", Column(rows, row => row.Record?.ProcessedAt?.UtcDateTime));
        Add(command, "integer[]", Column(rows, row => row.Record?.StateVersion));
        Add(command, "text[]", Column(rows, row => row.Record is { } record ? PostgresText.CleanJson(record.MetadataJson) : null));
        Add(command, "text[]", Texts(rows, record => record.Sha256));
        Add(command, "text[]", Texts(rows, record => record.ErrorCode));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId, DataTypeName = "text" });

        var written = new Dictionary<Guid, int>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            written[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return written;
    }

    private static string?[] Texts(List<UploadStateRow> rows, Func<UploadRecord, string?> text) =>
        Column(rows, row => row.Record is { } record ? PostgresText.Clean(text(record)) : null);

    private static T[] Column<T>(List<UploadStateRow> rows, Func<UploadStateRow, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }

    /// <summary>Typed and named, so nothing is boxed and Npgsql maps no NpgsqlDbType to a type name per execution.</summary>
    private static void Add<T>(NpgsqlCommand command, string dataTypeName, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values, DataTypeName = dataTypeName });

    private sealed class PendingWrite(UploadStateRow row) : BatchedCall<int?>
    {
        public UploadStateRow Row { get; } = row;
    }
}
