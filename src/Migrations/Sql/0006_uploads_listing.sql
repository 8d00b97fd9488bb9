-- Listing a project's uploads, newest first, one page at a time (GET /api/projects/{projectId}/uploads):
--   WHERE tenant_id = $1 AND project_id = $2 [AND status = $3] [AND (created_at, id) < ($c, $id)]
--   ORDER BY created_at DESC, id DESC LIMIT n
-- Each index matches one form column for column, so the page is read straight off the index in order: no sort,
-- and the keyset condition is an index bound, however deep the page. The id breaks ties between uploads created
-- in the same microsecond, which makes the order total and the cursor exact.
CREATE INDEX IF NOT EXISTS uploads_tenant_project_created_id
  ON uploads (tenant_id, project_id, created_at DESC, id DESC);

CREATE INDEX IF NOT EXISTS uploads_tenant_project_status_created_id
  ON uploads (tenant_id, project_id, status, created_at DESC, id DESC);

-- 0004's (tenant_id, project_id, created_at DESC) is a prefix of the first index above: it serves nothing that
-- one does not, and every upload write would keep paying for it.
DROP INDEX IF EXISTS uploads_tenant_project_created;
