-- The push stream's start (ProjectFeedSql) reads uploads in flight off the status index and only the finished ones
-- off this one, by updated_at. Indexing finished uploads alone keeps every initiate (a PENDING row) and every step
-- of processing (UPLOADED, PROCESSING) out of it: one index entry, its WAL and its page splits fewer for each.
-- The statuses are the terminal ones of uploads_status_known (0004).
CREATE INDEX IF NOT EXISTS uploads_finished_tenant_project_updated
  ON uploads (tenant_id, project_id, updated_at DESC)
  WHERE status IN ('COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED');

DROP INDEX IF EXISTS uploads_tenant_project_updated;
