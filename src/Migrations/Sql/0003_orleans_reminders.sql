-- Orleans ADO.NET reminders for PostgreSQL 15 (OrleansQuery comes from 0001).
CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
  ServiceId text NOT NULL,
  GrainId text NOT NULL,
  ReminderName text NOT NULL,
  StartTime timestamptz NOT NULL,
  -- Milliseconds. Orleans binds an int below 2^31 ms and a bigint above, so the column is bigint.
  Period bigint NOT NULL,
  -- The grain's uniform hash, cast by Orleans from uint to int; each silo reads the hash range it owns.
  GrainHash integer NOT NULL,
  -- The reminder's ETag; each upsert adds one, and a delete must name the current one.
  Version integer NOT NULL,
  PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS OrleansRemindersTable_hash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Reads return GrainId, ReminderName, StartTime, Period and Version, which the provider reads by name.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadReminderRowsKey', $sql$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId
$sql$),

('ReadReminderRowKey', $sql$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
$sql$),

-- The ring range (@BeginHash, @EndHash] as signed ints. Orleans picks this query when BeginHash < EndHash:
-- the range is one interval.
('ReadRangeRows1Key', $sql$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
$sql$),

-- ... and this one otherwise: the range wraps around (and BeginHash = EndHash means the whole ring).
('ReadRangeRows2Key', $sql$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$sql$),

-- Must return the new Version (one row, one column).
('UpsertReminderRowKey', $sql$
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version
$sql$),

-- Deletes only at the caller's @Version; returns whether a row went.
('DeleteReminderRowKey', $sql$
WITH deleted AS (
  DELETE FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted)
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
