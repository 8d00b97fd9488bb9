-- The project picker's listing (GET /api/projects?q=&limit=&after=), a page at a time by (name, id):
--   a tenant admin's whole tenant:  WHERE tenant_id = $1 [AND (name, id) > ($n, $id)] ORDER BY name, id LIMIT n
--   searched:                        ... AND (lower(name) LIKE $q OR id LIKE $q), $q = '%text%'
-- A member's own projects come off project_members_by_user (0005) and need neither index.
--
-- pg_trgm ships with PostgreSQL (contrib: in the postgresql-15 package, the postgres image, RDS) and is a trusted
-- extension, so the database's owner may create it without being a superuser. A B-tree cannot serve a substring
-- ('%text%'), a trigram index can: GIN over the trigrams of the lower-cased name and of the id, which both sides of
-- the search's OR use (a BitmapOr of the two). The tenant is checked on the rows it finds; the search's trigrams
-- are what narrows a tenant of thousands of projects down to a page. Projects are created rarely and searched
-- often, so fastupdate is off: each insert goes straight into the index instead of a pending list that every
-- search would scan (and the planner price) until a vacuum merges it.
--
-- The extension is one per database: in public where this creates it, wherever an operator put it before. The
-- operator class is named with that schema, so the index is made whatever the search path (a deployment, or a
-- test, may run the migrations in a schema of its own).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

DO $$
DECLARE
  trgm_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                       WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX IF NOT EXISTS projects_search_trgm ON projects '
    'USING gin (lower(name) %1$I.gin_trgm_ops, id %1$I.gin_trgm_ops) WITH (fastupdate = off)', trgm_schema);
END
$$;

-- The unsearched listing in its order, so the page and its keyset bound are read straight off the index: no sort
-- of a whole tenant per page, however deep the page.
CREATE INDEX IF NOT EXISTS projects_tenant_name_id ON projects (tenant_id, name, id);
