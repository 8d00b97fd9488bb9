-- Orleans ADO.NET grain persistence for PostgreSQL 15 (OrleansQuery comes from 0001).
--
-- A grain's state is identified by ServiceId, grain type and grain id. The provider passes the id as two
-- bigints (GrainIdN0/N1: a Guid's halves or an integer key) plus an optional string (the key extension,
-- or the whole key of a string-keyed grain), and 32-bit hashes of id and type that make lookups cheap.
CREATE TABLE IF NOT EXISTS OrleansStorage (
  ServiceId text NOT NULL,
  GrainTypeString text NOT NULL,
  GrainTypeHash integer NOT NULL,
  GrainIdHash integer NOT NULL,
  GrainIdN0 bigint NOT NULL,
  GrainIdN1 bigint NOT NULL,
  GrainIdExtensionString text NULL,
  PayloadBinary bytea NULL,
  -- The grain's ETag. Starts at 1; each write or clear adds one.
  Version integer NOT NULL,
  ModifiedOn timestamptz NOT NULL DEFAULT now()
);

-- One row per grain, so two activations racing to write a new grain's first state cannot both insert.
-- The text parts go in as md5 because B-tree entries are limited to about 2.7 kB and string keys are not;
-- NULLS NOT DISTINCT (PostgreSQL 15) makes "no key extension" a value like any other.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_grain
  ON OrleansStorage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1,
                     md5(GrainTypeString), md5(GrainIdExtensionString))
  NULLS NOT DISTINCT;

-- Parameters: @ServiceId, @GrainTypeString, @GrainTypeHash (int), @GrainIdHash (int), @GrainIdN0 and
-- @GrainIdN1 (bigint), @GrainIdExtensionString (text or NULL), @GrainStateVersion (int, NULL when the grain
-- holds no ETag), @PayloadBinary (bytea).
--
-- Optimistic concurrency: a write or clear only applies when @GrainStateVersion equals the stored Version.
-- When it does not, the query returns no row, and the provider turns that into InconsistentStateException.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $sql$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
$sql$),

-- A grain without an ETag may only create the row (a row that already exists means another activation got
-- there first); a grain with an ETag may only update the row at that version. The result column is named
-- NewGrainStateVersion because the provider reads it by that name.
('WriteToStorageKey', $sql$
WITH updated AS (
  UPDATE OrleansStorage
  SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = now()
  WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
    AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString
    AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    AND Version = @GrainStateVersion
  RETURNING Version
), inserted AS (
  INSERT INTO OrleansStorage
    (ServiceId, GrainTypeString, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainIdExtensionString,
     PayloadBinary, Version)
  SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1,
         @GrainIdExtensionString, @PayloadBinary, 1
  WHERE @GrainStateVersion IS NULL
  ON CONFLICT DO NOTHING
  RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT Version FROM inserted
$sql$),

-- Clearing keeps the row (payload gone, version advanced) so the grain's next write is still checked
-- against a version. The provider reads the new version from the first column.
('ClearStorageKey', $sql$
UPDATE OrleansStorage
SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version
$sql$),

-- Used instead of ClearStorageKey when the storage is configured with DeleteStateOnClear. The provider
-- expects the deleted version plus one, so that its "did the version change?" check passes.
('DeleteStorageKey', $sql$
DELETE FROM OrleansStorage
WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
