using BuildPeer.Grains.Batching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildPeer.Grains.Projects.Quota;

/// <summary>
/// The reservation rows of every project on this silo, group-committed: the inserts that arrive while one statement
/// is in flight go out together in the next, one multi-row statement. A project's own <see cref="GroupCommit{T}"/>
/// batches its reservations, but initiates spread over many projects would otherwise cost a commit each. Each caller
/// completes when its rows are durable, or fails with its statement (every caller of it alike).
/// </summary>
public sealed class ReservationInserts : IAsyncDisposable
{
    // ON CONFLICT, not NOT EXISTS: the anti-join's plan rests on the project's row estimate, and a new project that
    // grows fast between two ANALYZEs would have every inserted row scan all of the project's reservations.
    private const string InsertSql = """
        INSERT INTO project_reservations (tenant_id, project_id, upload_id, bytes, reserved_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::bigint[], $5::timestamptz[])
        ON CONFLICT (tenant_id, project_id, upload_id) DO NOTHING
        """;

    private const int MaxProjectsPerStatement = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly StatementBatches<PendingInsert> _batches;
    private long _statements;

    public ReservationInserts([FromKeyedServices(BatchedStatementsDataSource.Key)] NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _batches = new StatementBatches<PendingInsert>(ExecuteAsync, MaxProjectsPerStatement, TimeSpan.Zero, isolateRefusals: true);
    }

    /// <summary>Insert statements sent so far (each one commit); tests count batches by it.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    public Task InsertAsync(string tenantId, string projectId, IReadOnlyList<LedgerReservation> reservations)
    {
        var pending = new PendingInsert(tenantId, projectId, reservations);
        ObjectDisposedException.ThrowIf(!_batches.TryAdd(pending), this);
        return pending.Completion.Task;
    }

    public ValueTask DisposeAsync() => _batches.DisposeAsync();

    /// <summary>A row PostgreSQL refuses (a constraint) fails only its own project's reservation.</summary>
    private async Task ExecuteAsync(List<PendingInsert> batch)
    {
        Interlocked.Increment(ref _statements);
        await InsertBatchAsync(batch);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult(true);
        }
    }

    private async Task InsertBatchAsync(List<PendingInsert> batch)
    {
        var rows = batch.Sum(pending => pending.Reservations.Count);
        var tenants = new string[rows];
        var projects = new string[rows];
        var uploads = new Guid[rows];
        var bytes = new long[rows];
        var reservedAt = new DateTime[rows];
        var row = 0;
        foreach (var pending in batch)
        {
            foreach (var reservation in pending.Reservations)
            {
                tenants[row] = pending.TenantId;
                projects[row] = pending.ProjectId;
                uploads[row] = reservation.UploadId;
                bytes[row] = reservation.Bytes;
                reservedAt[row] = reservation.ReservedAt.UtcDateTime;
                row++;
            }
        }

        await using var command = _dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants, DataTypeName = "text[]" });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = projects, DataTypeName = "text[]" });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = uploads, DataTypeName = "uuid[]" });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = bytes, DataTypeName = "bigint[]" });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = reservedAt, DataTypeName = "timestamp with time zone[]" });
        await command.ExecuteNonQueryAsync();
    }

    private sealed class PendingInsert(string tenantId, string projectId, IReadOnlyList<LedgerReservation> reservations)
        : BatchedCall<bool>
    {
        public string TenantId { get; } = tenantId;

        public string ProjectId { get; } = projectId;

        public IReadOnlyList<LedgerReservation> Reservations { get; } = reservations;
    }
}
