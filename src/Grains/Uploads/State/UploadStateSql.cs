using BuildPeer.Grains.Uploads.Records;

namespace BuildPeer.Grains.Uploads.State;

/// <summary>The statements of <see cref="UploadStateStorage"/> and <see cref="UploadStateWriter"/>.</summary>
internal static class UploadStateSql
{
    /// <summary>Many activations' reads in one statement.</summary>
    public const string ReadMany = "SELECT id, payload, version FROM upload_state WHERE service_id = $1 AND id = ANY($2)";

    /// <summary>Whether OrleansStorage still holds states of this grain type (written before <c>upload_state</c>).</summary>
    public const string AnyInOrleansStorage = """
        SELECT EXISTS (
            SELECT 1 FROM orleansstorage
            WHERE serviceid = $1 AND graintypestring = $2 AND payloadbinary IS NOT NULL)
        """;

    /// <summary>
    /// Many grains' writes in one statement, hence one commit. A row with an expected version updates the state at
    /// that version only; a row without one (a new grain, or one whose state is still in OrleansStorage) only
    /// creates it. The <c>uploads</c> row is written from the same input, for the states that were written: a stale
    /// write changes neither. Returns the new version of each state written; an id missing from the result lost
    /// its optimistic-concurrency check.
    /// </summary>
    /// <remarks>
    /// A new <c>uploads</c> row is inserted where none exists rather than through ON CONFLICT, which logs a
    /// speculative-insertion record for every row it creates; the look-up is by primary key, so its plan cannot go
    /// wrong, and the grain is its upload's single writer. Should a duplicate activation race it anyway, the key
    /// refuses the row and the writer retries the batch row by row. The state row keeps ON CONFLICT: an anti-join on
    /// (service_id, id) would rest on the service's row estimate, which a new service's statistics get wrong.
    /// </remarks>
    public const string Write = $"""
        WITH input AS (
            SELECT *
            FROM unnest($1::uuid[], $2::integer[], $3::bytea[], $4::boolean[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[],
                        $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::integer[], $19::text[],
                        $20::text[], $21::text[])
                AS i(id, expected, payload, projected, tenant_id, project_id, user_id, filename, s3_key,
                     content_type, size, status, error, etag, created_at, uploaded_at, processed_at,
                     state_version, metadata, sha256, error_code)
        ), updated AS (
            UPDATE upload_state s
            SET payload = i.payload, version = s.version + 1, modified_on = now()
            FROM input i
            WHERE s.service_id = $22 AND s.id = i.id AND s.version = i.expected
            RETURNING s.id, s.version
        ), inserted AS (
            INSERT INTO upload_state (service_id, id, payload, version)
            SELECT $22, i.id, i.payload, 1 FROM input i WHERE i.expected IS NULL
            ON CONFLICT (service_id, id) DO NOTHING
            RETURNING id, version
        ), written AS (
            SELECT id, version FROM updated
            UNION ALL
            SELECT id, version FROM inserted
        ), projection AS (
            SELECT i.*, EXISTS (SELECT 1 FROM uploads u WHERE u.id = i.id) AS has_row
            FROM input i JOIN written w ON w.id = i.id
            WHERE i.projected
        ), created AS (
            INSERT INTO uploads ({UploadColumns})
            SELECT {InputColumns} FROM projection p WHERE NOT p.has_row
        ), projected AS (
            INSERT INTO uploads ({UploadColumns})
            SELECT {InputColumns} FROM projection p WHERE p.has_row
            {PostgresUploadRecordStore.OnConflictKeepNewest}
        )
        SELECT id, version FROM written
        """;

    private const string UploadColumns = """
        id, tenant_id, project_id, user_id, filename, s3_key, content_type, size, status, error, etag, created_at,
        uploaded_at, processed_at, state_version, metadata, sha256, error_code, updated_at
        """;

    private const string InputColumns = """
        p.id, p.tenant_id, p.project_id, p.user_id, p.filename, p.s3_key, p.content_type, p.size, p.status, p.error,
        p.etag, p.created_at, p.uploaded_at, p.processed_at, p.state_version, p.metadata::jsonb, p.sha256,
        p.error_code, now()
        """;

    /// <summary>Clearing keeps the row (payload gone, version advanced) so the next write is still checked.</summary>
    public const string Clear = """
        UPDATE upload_state SET payload = NULL, version = version + 1, modified_on = now()
        WHERE service_id = $1 AND id = $2 AND version = $3
        RETURNING version
        """;
}
