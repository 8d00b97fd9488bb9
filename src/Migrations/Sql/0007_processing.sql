-- Processing results (issue 4). The metadata document itself lives in uploads.metadata (jsonb, since 0004);
-- these columns are the parts that are queried.

-- SHA-256 of the content (base64, as S3's x-amz-checksum-sha256), computed while the file is scanned.
ALTER TABLE uploads ADD COLUMN IF NOT EXISTS sha256 text NULL;

-- The stable code behind error (size_mismatch, malware_found, ...), for operators' counts per failure code.
ALTER TABLE uploads ADD COLUMN IF NOT EXISTS error_code text NULL;

-- "Does this project already hold a finished copy of these bytes?" (phones re-send the same photo):
--   WHERE tenant_id = $1 AND project_id = $2 AND sha256 = $3 AND status = 'COMPLETED'
-- Only finished uploads are in the index, so it stays as small as the question.
CREATE INDEX IF NOT EXISTS uploads_completed_sha256
  ON uploads (tenant_id, project_id, sha256)
  WHERE status = 'COMPLETED' AND sha256 IS NOT NULL;
