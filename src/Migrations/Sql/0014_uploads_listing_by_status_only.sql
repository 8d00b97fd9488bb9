-- A project's whole listing (no status filter) is read as one ordered index scan per status off
-- uploads_tenant_project_status_created_id (0006), merged in order (UploadCatalogSql): a handful of index descents
-- a page instead of one, still no sort and no filter. The index that served it alone cost every upload write
-- (each initiate, and each status change, which moves the row out of HOT) an entry, its WAL and its page splits.
DROP INDEX IF EXISTS uploads_tenant_project_created_id;
