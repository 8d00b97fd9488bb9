namespace BuildPeer.Grains.Operations;

/// <summary>The overview's two reads of the <c>uploads</c> table; null filters mean "all".</summary>
public static class UploadsOverviewSql
{
    /// <summary>Status groups returned at most; past it the overview says it was cut short.</summary>
    public const int MaxCountRows = 5000;

    public static readonly string CountsByProjectAndStatus = $"""
        SELECT tenant_id, project_id, status, count(*)::bigint
        FROM uploads
        WHERE (@tenant::text IS NULL OR tenant_id = @tenant) AND (@project::text IS NULL OR project_id = @project)
        GROUP BY tenant_id, project_id, status
        ORDER BY tenant_id, project_id, status
        LIMIT {MaxCountRows + 1}
        """;

    /// <summary>Off the partial index of unfinished uploads (0004), which holds only the few still in flight.</summary>
    public const string OldestUnfinished = """
        SELECT id, tenant_id, project_id, status, filename, created_at, updated_at, error
        FROM uploads
        WHERE status IN ('PENDING', 'UPLOADED', 'PROCESSING')
          AND (@tenant::text IS NULL OR tenant_id = @tenant) AND (@project::text IS NULL OR project_id = @project)
        ORDER BY created_at, id
        LIMIT @limit
        """;
}
