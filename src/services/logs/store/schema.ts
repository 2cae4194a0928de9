/**
 * The log store's schema: its own SQLite file (`logs.sqlite` in the data directory), apart from
 * the control-plane database, so log write volume never competes with control-plane writes.
 * Events carry their group and stream ids and are indexed by (stream, timestamp, id) for
 * GetLogEvents and (group, timestamp, id) for FilterLogEvents and retention. The file is made with
 * auto_vacuum=INCREMENTAL, so deleting a stream or group can give its pages back to the disk.
 */
export const LOGS_DATABASE_FILE = "logs.sqlite";

/** Applied in order; `user_version` records how many ran. Append only. */
export const logMigrations: string[] = [
  `
  CREATE TABLE log_groups (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    retention_days INTEGER,
    log_group_class TEXT NOT NULL,
    kms_key_id TEXT,
    deletion_protection INTEGER NOT NULL DEFAULT 0,
    tags TEXT NOT NULL DEFAULT '{}',
    UNIQUE (region, name)
  );
  CREATE TABLE log_streams (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES log_groups(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    first_event INTEGER,
    last_event INTEGER,
    last_ingestion INTEGER,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    -- the awslogs driver's resume point, written in the same transaction as the events it covers
    cursor TEXT,
    UNIQUE (group_id, name)
  );
  CREATE INDEX log_streams_by_last_event ON log_streams (group_id, last_event);
  CREATE TABLE log_events (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL,
    stream_id INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    ingestion INTEGER NOT NULL,
    message TEXT NOT NULL
  );
  CREATE INDEX log_events_by_stream ON log_events (stream_id, ts, id);
  CREATE INDEX log_events_by_group ON log_events (group_id, ts, id);
  `,
];
