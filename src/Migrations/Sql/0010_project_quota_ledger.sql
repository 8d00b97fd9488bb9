-- A project's quota ledger, written only by the ProjectGrain that owns the project (it keeps the same figures in
-- memory for its limit checks and is the single writer). Uploads in flight are rows inserted at reserve and
-- deleted when they settle, so the project's grain state no longer grows with them; what is stored is two
-- counters per project. See docs/architecture.md, "Quota reconciliation".
CREATE TABLE IF NOT EXISTS project_quota (
  tenant_id text NOT NULL,
  project_id text NOT NULL,
  used_bytes bigint NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
  used_files integer NOT NULL DEFAULT 0 CHECK (used_files >= 0),
  PRIMARY KEY (tenant_id, project_id)
);

CREATE TABLE IF NOT EXISTS project_reservations (
  tenant_id text NOT NULL,
  project_id text NOT NULL,
  upload_id uuid NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  reserved_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, project_id, upload_id)
);
