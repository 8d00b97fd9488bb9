-- BuildPeer's record of every upload: what was asked for, where the bytes live in S3, and how far the
-- pipeline got.
CREATE TABLE IF NOT EXISTS uploads (
  id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  project_id text NOT NULL,
  user_id text NOT NULL,
  filename text NOT NULL,
  s3_key text NOT NULL UNIQUE,
  content_type text NOT NULL,
  size bigint NOT NULL,
  status text NOT NULL,
  error text NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  uploaded_at timestamptz NULL,
  processed_at timestamptz NULL,
  etag text NULL,
  -- The UploadGrain state version this row was projected from: a write carrying an older version is ignored,
  -- so the row converges to the grain's state whatever order writes land in.
  state_version integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uploads_status_known CHECK (status IN (
    'PENDING', 'UPLOADED', 'PROCESSING', 'COMPLETED', 'FAILED', 'QUARANTINED', 'EXPIRED', 'ABORTED'))
);

-- Listing a project's uploads, newest first.
CREATE INDEX IF NOT EXISTS uploads_tenant_project_created
  ON uploads (tenant_id, project_id, created_at DESC);

-- Sweeps look for uploads still in flight; finished ones (the large majority) stay out of this index.
CREATE INDEX IF NOT EXISTS uploads_in_flight_status
  ON uploads (status)
  WHERE status IN ('PENDING', 'UPLOADED', 'PROCESSING');
