-- Tenants, their projects and who may work in each. Written only by the ProjectGrain that owns a project (its
-- grain state is the truth; these rows are its queryable projection), read by reports and operators.
CREATE TABLE IF NOT EXISTS tenants (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  name text NOT NULL,
  max_file_size_bytes bigint NOT NULL CHECK (max_file_size_bytes > 0),
  max_total_bytes bigint NOT NULL CHECK (max_total_bytes > 0),
  max_files integer NOT NULL CHECK (max_files > 0),
  max_in_flight integer NOT NULL CHECK (max_in_flight > 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  state_version integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS project_members (
  tenant_id text NOT NULL,
  project_id text NOT NULL,
  user_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('VIEWER', 'UPLOADER', 'MANAGER')),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, project_id, user_id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

-- "Which projects is this user in?" without scanning every project.
CREATE INDEX IF NOT EXISTS project_members_by_user ON project_members (tenant_id, user_id);
