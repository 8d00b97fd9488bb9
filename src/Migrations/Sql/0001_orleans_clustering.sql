-- Orleans ADO.NET clustering (membership) for PostgreSQL 15.
--
-- Identifiers are unquoted on purpose: the providers bootstrap with the literal, unquoted query
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and read result columns by name (Npgsql matches them
-- case-insensitively), so PostgreSQL's lower-case folding is exactly what they expect.

-- Every ADO.NET provider loads the text of its queries from here at start-up, by key.
CREATE TABLE IF NOT EXISTS OrleansQuery (
  QueryKey text PRIMARY KEY,
  QueryText text NOT NULL
);

-- One row per cluster (the providers call the ClusterId "DeploymentId"). Version is the table-wide etag of
-- the membership protocol: every insert or update of a silo row must advance it by exactly one from the value
-- the writer last read, so concurrent writers serialise on this row and all but one lose.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
  DeploymentId text PRIMARY KEY,
  Version integer NOT NULL DEFAULT 0,
  ChangedAt timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation. Status holds Orleans' SiloStatus as a number (3 = Active, 6 = Dead).
-- SuspectTimes is Orleans' own "address,time|address,time" text, stored as given.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
  DeploymentId text NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
  Address text NOT NULL,
  Port integer NOT NULL,
  Generation integer NOT NULL,
  SiloName text NOT NULL,
  HostName text NOT NULL,
  Status integer NOT NULL,
  ProxyPort integer NOT NULL,
  SuspectTimes text NULL,
  StartTime timestamptz NOT NULL,
  IAmAliveTime timestamptz NOT NULL,
  PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Parameters are bound by name (@DeploymentId, ...) with the .NET types Orleans passes: int for Port,
-- Generation, Status, ProxyPort and Version; text for the rest; UTC DateTime for the times.
-- Queries that answer "did it work?" must return exactly one row with one boolean column.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Run by every silo at start-up; true only for the silo that created the cluster's version row.
('InsertMembershipVersionKey', $sql$
WITH created AS (
  INSERT INTO OrleansMembershipVersionTable (DeploymentId)
  VALUES (@DeploymentId)
  ON CONFLICT (DeploymentId) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created)
$sql$),

-- The version row comes first and always (LEFT JOIN): Orleans takes the table version from the first row and
-- treats a row without StartTime as "no silos yet".
('MembershipReadAllKey', $sql$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId
$sql$),

('MembershipReadRowKey', $sql$
SELECT v.Version, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
  ON m.DeploymentId = v.DeploymentId
 AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId
$sql$),

-- Compare-and-swap on the version row: the UPDATE waits for a concurrent writer's lock and then re-checks
-- Version = @Version against the committed value, so of several writers holding the same version exactly one
-- succeeds. The version only moves when the silo row is really inserted.
('InsertMembershipKey', $sql$
WITH bumped AS (
  UPDATE OrleansMembershipVersionTable
  SET Version = Version + 1, ChangedAt = now()
  WHERE DeploymentId = @DeploymentId AND Version = @Version
    AND NOT EXISTS (
      SELECT 1 FROM OrleansMembershipTable
      WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
  RETURNING DeploymentId
), inserted AS (
  INSERT INTO OrleansMembershipTable
    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
  SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
  FROM bumped
  ON CONFLICT DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted)
$sql$),

-- Same compare-and-swap as the insert; the row must already exist.
('UpdateMembershipKey', $sql$
WITH bumped AS (
  UPDATE OrleansMembershipVersionTable
  SET Version = Version + 1, ChangedAt = now()
  WHERE DeploymentId = @DeploymentId AND Version = @Version
    AND EXISTS (
      SELECT 1 FROM OrleansMembershipTable
      WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation)
  RETURNING DeploymentId
), updated AS (
  UPDATE OrleansMembershipTable m
  SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
  FROM bumped
  WHERE m.DeploymentId = bumped.DeploymentId
    AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated)
$sql$),

-- The heartbeat is not a membership change, so it does not touch the version.
('UpdateIAmAlivetimeKey', $sql$
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$sql$),

-- Clients call this with @Status = 3 (Active); a ProxyPort of 0 means the silo runs no gateway.
('GatewaysQueryKey', $sql$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$sql$),

-- Deleting the version row takes the silo rows with it (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId
$sql$),

-- Required at start-up even though it only runs for clean-up: removes Dead (6) silos not heard from since
-- @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
