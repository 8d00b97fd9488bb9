-- The durable state of each UploadGrain, written in the same statement as its `uploads` row so that one upload
-- change is one commit. Rows in OrleansStorage from before this table are still read as a fallback and
-- move here on the grain's next write.
CREATE TABLE IF NOT EXISTS upload_state (
  -- Orleans' ServiceId, as in OrleansStorage: deployments (and test clusters) sharing a database keep apart.
  service_id text NOT NULL,
  id uuid NOT NULL,
  -- The Orleans-serialized UploadState; NULL once cleared (the row stays, so later writes are still checked).
  payload bytea NULL,
  -- The grain's ETag. Starts at 1; each write or clear adds one.
  version integer NOT NULL,
  modified_on timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, id)
);
