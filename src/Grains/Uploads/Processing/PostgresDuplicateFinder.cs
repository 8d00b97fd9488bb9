using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.Grains.Uploads.Processing;

public sealed partial class PostgresDuplicateFinder(NpgsqlDataSource dataSource, ILogger<PostgresDuplicateFinder> logger) : IDuplicateFinder
{
    // Served by the partial index uploads_completed_sha256 (migration 0007).
    private const string Sql = """
        SELECT id FROM uploads
        WHERE tenant_id = $1 AND project_id = $2 AND sha256 = $3 AND status = 'COMPLETED' AND id <> $4
        ORDER BY created_at, id
        LIMIT 1
        """;

    public async Task<Guid?> FindAsync(string tenantId, string projectId, string sha256, Guid uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = projectId });
            command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
            command.Parameters.Add(new NpgsqlParameter { Value = uploadId });
            return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // An upload is not held back for a hint: without the database it completes without duplicateOf.
            LogLookupFailed(exception, uploadId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId}: the duplicate look-up failed; completing without it")]
    private partial void LogLookupFailed(Exception exception, Guid uploadId);
}
