-- The state a project's push stream starts with (GET /api/projects/{projectId}/events) includes the uploads that
-- finished in the last minutes:
--   WHERE tenant_id = $1 AND project_id = $2 AND updated_at >= $cutoff
-- Read off this index, the cost is the recent rows alone, however many uploads the project has.
CREATE INDEX IF NOT EXISTS uploads_tenant_project_updated
  ON uploads (tenant_id, project_id, updated_at DESC);
