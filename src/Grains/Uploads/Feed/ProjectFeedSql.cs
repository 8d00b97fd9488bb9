using BuildPeer.Grains.Abstractions.Uploads;
using Npgsql;
using NpgsqlTypes;

namespace BuildPeer.Grains.Uploads.Feed;

/// <summary>
/// The uploads a project stream starts with: those in flight (off the status index of 0006; a project has few, its
/// quota caps them) and those finished since a cutoff (off the finished uploads' updated_at index of 0013), most
/// recently changed first.
/// </summary>
internal static class ProjectFeedSql
{
    private static readonly string[] InFlight = Enum.GetValues<UploadStatus>()
        .Where(status => !status.IsTerminal()).Select(status => status.ToWireName()).ToArray();

    // Literals, not a parameter: the finished uploads' index (0013) is partial on exactly these statuses, and the
    // planner uses it only when it can prove the query asks for no others.
    private static readonly string Finished = string.Join(", ", Enum.GetValues<UploadStatus>()
        .Where(status => status.IsTerminal()).Select(status => $"'{status.ToWireName()}'"));

    public static readonly string Text = $"""
        SELECT id FROM (
            SELECT id, updated_at FROM uploads
            WHERE tenant_id = $1 AND project_id = $2 AND status = ANY($3)
            UNION ALL
            SELECT id, updated_at FROM uploads
            WHERE tenant_id = $1 AND project_id = $2 AND updated_at >= $4 AND status IN ({Finished})
        ) AS current
        ORDER BY updated_at DESC
        LIMIT $5
        """;

    public static IReadOnlyList<NpgsqlParameter> Parameters(string tenantId, string projectId, DateTimeOffset finishedSince, int limit) =>
    [
        new() { Value = tenantId, NpgsqlDbType = NpgsqlDbType.Text },
        new() { Value = projectId, NpgsqlDbType = NpgsqlDbType.Text },
        new() { Value = InFlight, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        new() { Value = finishedSince.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer },
    ];
}
