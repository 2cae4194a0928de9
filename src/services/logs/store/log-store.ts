/**
 * The log store: groups, streams and events in their own SQLite file (schema.ts). better-sqlite3 is
 * synchronous, so every method runs whole on the event loop and needs no locking; a batch of
 * events is one transaction (one fsync-free WAL append under synchronous=NORMAL, which survives a
 * kill -9 of the process). Positions within a stream or group are (timestamp, id) pairs: the id is
 * the event's row id, so events with the same timestamp keep their arrival order.
 */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { LOGS_DATABASE_FILE, logMigrations } from "./schema.js";

export type Position = readonly [timestamp: number, id: number];

export interface GroupRow {
  id: number;
  region: string;
  name: string;
  creationTime: number;
  retentionDays: number | null;
  logGroupClass: string;
  kmsKeyId: string | null;
  deletionProtection: boolean;
  tags: Record<string, string>;
  storedBytes: number;
}

export interface StreamRow {
  id: number;
  groupId: number;
  name: string;
  creationTime: number;
  firstEvent: number | null;
  lastEvent: number | null;
  lastIngestion: number | null;
  storedBytes: number;
  cursor: string | null;
}

export interface EventRow {
  id: number;
  streamId: number;
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface NewEvent {
  timestamp: number;
  message: string;
}

export interface StreamListing {
  prefix?: string;
  orderBy: "LogStreamName" | "LastEventTime";
  descending: boolean;
  /** The sort key of the last stream of the previous page: [name] or [lastEvent, name]. */
  after?: readonly unknown[];
  limit: number;
}

/** Substrings that must all occur, at least one of which must occur (when any), and none of which may. */
export interface TermFilter {
  all: string[];
  any: string[];
  none: string[];
}

export interface StreamPage {
  /** A JSON array of {timestamp, message, ingestionTime}, ascending. */
  eventsJson: string;
  count: number;
  first?: Position;
  last?: Position;
}

export interface EventRange {
  startTime: number;
  /** Exclusive. */
  endTime: number;
}

const MAX_TS = Number.MAX_SAFE_INTEGER;

const before = (a: Position, b: Position): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const maxPosition = (a: Position, b: Position): Position => (before(a, b) ? b : a);
const minPosition = (a: Position, b: Position): Position => (before(a, b) ? a : b);
/**
 * Events go in as multi-row INSERTs of up to INSERT_ROWS rows, each statement prepared once per
 * row count and cached: binding parameters costs less than SQLite parsing one JSON text per batch
 * (json_each) or stepping one statement per row.
 */
const INSERT_ROWS = 512;
const insertSql = (rows: number): string =>
  `INSERT INTO log_events (group_id, stream_id, ts, ingestion, message) VALUES ${Array.from({ length: rows }, () => "(?,?,?,?,?)").join(",")}`;

interface RawGroup {
  id: number;
  region: string;
  name: string;
  creation_time: number;
  retention_days: number | null;
  log_group_class: string;
  kms_key_id: string | null;
  deletion_protection: number;
  tags: string;
  stored_bytes: number | null;
}

interface RawStream {
  id: number;
  group_id: number;
  name: string;
  creation_time: number;
  first_event: number | null;
  last_event: number | null;
  last_ingestion: number | null;
  stored_bytes: number;
  cursor: string | null;
}

interface RawEvent {
  id: number;
  stream_id: number;
  ts: number;
  ingestion: number;
  message: string;
}

const toGroup = (r: RawGroup): GroupRow => ({
  id: r.id,
  region: r.region,
  name: r.name,
  creationTime: r.creation_time,
  retentionDays: r.retention_days,
  logGroupClass: r.log_group_class,
  kmsKeyId: r.kms_key_id,
  deletionProtection: r.deletion_protection === 1,
  tags: JSON.parse(r.tags) as Record<string, string>,
  storedBytes: r.stored_bytes ?? 0,
});

const toStream = (r: RawStream): StreamRow => ({
  id: r.id,
  groupId: r.group_id,
  name: r.name,
  creationTime: r.creation_time,
  firstEvent: r.first_event,
  lastEvent: r.last_event,
  lastIngestion: r.last_ingestion,
  storedBytes: r.stored_bytes,
  cursor: r.cursor,
});

const toEvent = (r: RawEvent): EventRow => ({ id: r.id, streamId: r.stream_id, timestamp: r.ts, ingestionTime: r.ingestion, message: r.message });

const GROUP_COLUMNS = `g.*, (SELECT SUM(stored_bytes) FROM log_streams s WHERE s.group_id = g.id) AS stored_bytes`;

export class LogStore {
  private readonly db: Db;
  private readonly cache = new Map<string, Statement>();
  /** The multi-row INSERT of n events, by n (1..INSERT_ROWS). */
  private readonly inserts: (Statement | undefined)[] = [];

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, LOGS_DATABASE_FILE));
    // auto_vacuum only takes effect on a new file (before the first table), which is when it runs.
    this.db.pragma("auto_vacuum = INCREMENTAL");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    // Appends touch the table and two indexes; a larger page cache keeps their hot pages (32 MB).
    this.db.pragma("cache_size = -32768");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    const done = this.db.pragma("user_version", { simple: true }) as number;
    for (let i = done; i < logMigrations.length; i++) {
      this.db.transaction(() => {
        this.db.exec(logMigrations[i]!);
        this.db.pragma(`user_version = ${i + 1}`);
      })();
    }
  }

  private q(sql: string): Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, (s = this.db.prepare(sql)));
    }
    return s;
  }

  close(): void {
    this.db.close();
  }

  // ---- groups ----

  group(region: string, name: string): GroupRow | undefined {
    const r = this.q(`SELECT ${GROUP_COLUMNS} FROM log_groups g WHERE region = ? AND name = ?`).get(region, name) as RawGroup | undefined;
    return r && toGroup(r);
  }

  /** False when a group of that name exists. */
  createGroup(g: Omit<GroupRow, "id" | "storedBytes" | "retentionDays">): boolean {
    const r = this.q(
      `INSERT INTO log_groups (region, name, creation_time, log_group_class, kms_key_id, deletion_protection, tags)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ).run(g.region, g.name, g.creationTime, g.logGroupClass, g.kmsKeyId, g.deletionProtection ? 1 : 0, JSON.stringify(g.tags));
    return r.changes === 1;
  }

  deleteGroup(id: number): void {
    this.db.transaction(() => {
      this.q(`DELETE FROM log_events WHERE group_id = ?`).run(id);
      this.q(`DELETE FROM log_groups WHERE id = ?`).run(id);
    })();
    this.freeSpace();
  }

  /** Groups of a region in name order, after `after`, at most `limit`. */
  groups(region: string, opts: { prefix?: string; pattern?: string; after?: string; limit: number }): GroupRow[] {
    const rows = this.q(
      `SELECT ${GROUP_COLUMNS} FROM log_groups g
       WHERE region = ? AND name > ? AND substr(name, 1, length(?)) = ? AND instr(name, ?) > 0
       ORDER BY name LIMIT ?`,
    ).all(region, opts.after ?? "", opts.prefix ?? "", opts.prefix ?? "", opts.pattern ?? "", opts.limit) as RawGroup[];
    return rows.map(toGroup);
  }

  setRetention(id: number, days: number | null): void {
    this.q(`UPDATE log_groups SET retention_days = ? WHERE id = ?`).run(days, id);
  }

  setTags(id: number, tags: Record<string, string>): void {
    this.q(`UPDATE log_groups SET tags = ? WHERE id = ?`).run(JSON.stringify(tags), id);
  }

  // ---- streams ----

  stream(groupId: number, name: string): StreamRow | undefined {
    const r = this.q(`SELECT * FROM log_streams WHERE group_id = ? AND name = ?`).get(groupId, name) as RawStream | undefined;
    return r && toStream(r);
  }

  streamsById(ids: number[]): Map<number, StreamRow> {
    const rows = this.q(`SELECT * FROM log_streams WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as RawStream[];
    return new Map(rows.map((r) => [r.id, toStream(r)]));
  }

  /** False when a stream of that name exists. */
  createStream(groupId: number, name: string, creationTime: number): boolean {
    const r = this.q(`INSERT INTO log_streams (group_id, name, creation_time) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`).run(groupId, name, creationTime);
    return r.changes === 1;
  }

  deleteStream(id: number): void {
    this.db.transaction(() => {
      this.q(`DELETE FROM log_events WHERE stream_id = ?`).run(id);
      this.q(`DELETE FROM log_streams WHERE id = ?`).run(id);
    })();
    this.freeSpace();
  }

  streams(groupId: number, l: StreamListing): StreamRow[] {
    const dir = l.descending ? "DESC" : "ASC";
    const cmp = l.descending ? "<" : ">";
    if (l.orderBy === "LogStreamName") {
      const after = l.after?.[0];
      const rows = this.q(
        `SELECT * FROM log_streams WHERE group_id = ? AND substr(name, 1, length(?)) = ? AND (? IS NULL OR name ${cmp} ?)
         ORDER BY name ${dir} LIMIT ?`,
      ).all(groupId, l.prefix ?? "", l.prefix ?? "", after ?? null, after ?? null, l.limit) as RawStream[];
      return rows.map(toStream);
    }
    // LastEventTime: streams without events sort as 0 (first ascending, last descending).
    const [lastEvent, name] = l.after ?? [];
    const rows = this.q(
      `SELECT * FROM log_streams WHERE group_id = ? AND (? IS NULL OR (coalesce(last_event, 0), name) ${cmp} (?, ?))
       ORDER BY coalesce(last_event, 0) ${dir}, name ${dir} LIMIT ?`,
    ).all(groupId, lastEvent ?? null, lastEvent ?? null, name ?? null, l.limit) as RawStream[];
    return rows.map(toStream);
  }

  // ---- events ----

  /**
   * Appends events (already validated, in any order) to a stream in one transaction, with the
   * stream's statistics and, for the awslogs driver, its new resume cursor.
   */
  append(stream: StreamRow, events: readonly NewEvent[], ingestionTime: number, cursor?: string): void {
    if (events.length === 0 && cursor === undefined) return;
    this.db.transaction(() => {
      let first = MAX_TS;
      let last = -1;
      let bytes = 0;
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        if (e.timestamp < first) first = e.timestamp;
        if (e.timestamp > last) last = e.timestamp;
        bytes += Buffer.byteLength(e.message, "utf8");
      }
      // Rows in array order, so events of one timestamp keep their arrival order in their ids.
      for (let from = 0; from < events.length; from += INSERT_ROWS) this.insertRows(stream, events, from, Math.min(events.length, from + INSERT_ROWS), ingestionTime);
      const any = events.length > 0;
      this.q(
        `UPDATE log_streams SET
           first_event = CASE WHEN ? THEN min(coalesce(first_event, ?), ?) ELSE first_event END,
           last_event = CASE WHEN ? THEN max(coalesce(last_event, ?), ?) ELSE last_event END,
           last_ingestion = CASE WHEN ? THEN ? ELSE last_ingestion END,
           stored_bytes = stored_bytes + ?,
           cursor = coalesce(?, cursor)
         WHERE id = ?`,
      ).run(any ? 1 : 0, first, first, any ? 1 : 0, last, last, any ? 1 : 0, ingestionTime, bytes, cursor ?? null, stream.id);
    })();
  }

  /** events[from, to) as one INSERT, in order. */
  private insertRows(stream: StreamRow, events: readonly NewEvent[], from: number, to: number, ingestionTime: number): void {
    const rows = to - from;
    let insert = this.inserts[rows];
    if (insert === undefined) this.inserts[rows] = insert = this.db.prepare(insertSql(rows));
    const args = new Array<unknown>(rows * 5);
    for (let i = from, a = 0; i < to; i++, a += 5) {
      const e = events[i]!;
      args[a] = stream.groupId;
      args[a + 1] = stream.id;
      args[a + 2] = e.timestamp;
      args[a + 3] = ingestionTime;
      args[a + 4] = e.message;
    }
    insert.run(args);
  }

  /** Events of one stream after `after` (ascending), within the range. */
  streamForward(streamId: number, after: Position, range: EventRange, limit: number): EventRow[] {
    const rows = this.q(
      `SELECT id, stream_id, ts, ingestion, message FROM log_events
       WHERE stream_id = ? AND (ts, id) > (?, ?) AND ts >= ? AND ts < ?
       ORDER BY ts, id LIMIT ?`,
    ).all(streamId, after[0], after[1], range.startTime, range.endTime, limit) as RawEvent[];
    return rows.map(toEvent);
  }

  /** The last `limit` events of one stream before `before`, returned ascending. */
  streamBackward(streamId: number, before: Position, range: EventRange, limit: number): EventRow[] {
    const rows = this.q(
      `SELECT id, stream_id, ts, ingestion, message FROM log_events
       WHERE stream_id = ? AND (ts, id) < (?, ?) AND ts >= ? AND ts < ?
       ORDER BY ts DESC, id DESC LIMIT ?`,
    ).all(streamId, before[0], before[1], range.startTime, range.endTime, limit) as RawEvent[];
    return rows.map(toEvent).reverse();
  }

  /**
   * One GetLogEvents page of a stream, built by SQLite: the `limit` events after `from`
   * (forward) or before it (backward), ascending, as the JSON array of {timestamp, message,
   * ingestionTime} the response carries, with the positions of its first and last event. One
   * string crosses into JavaScript, not a row per event. undefined when the page holds more than
   * `maxBytes` (UTF-8 message bytes plus `overhead` per event): the caller then trims rows.
   */
  streamPage(streamId: number, from: Position, range: EventRange, limit: number, forward: boolean, maxBytes: number, overhead: number): StreamPage | undefined {
    // Only (ts, id) bounds, so SQLite ranges over the (stream, ts, id) index between them.
    const floor: Position = [range.startTime - 1, MAX_TS];
    const ceiling: Position = [range.endTime, 0];
    const within = "stream_id = ? AND (ts, id) > (?, ?) AND (ts, id) < (?, ?)";
    let lo = forward ? maxPosition(from, floor) : floor;
    let hi = forward ? ceiling : minPosition(from, ceiling);
    // The page is (lo, hi), both ends found on the index alone.
    if (forward) {
      const end = this.q(`SELECT ts, id FROM log_events WHERE ${within} ORDER BY ts, id LIMIT 1 OFFSET ?`).raw(true).get(streamId, lo[0], lo[1], hi[0], hi[1], limit) as [number, number] | undefined;
      if (end !== undefined) hi = end;
    } else {
      const start = this.q(`SELECT ts, id FROM log_events WHERE ${within} ORDER BY ts DESC, id DESC LIMIT 1 OFFSET ?`).raw(true).get(streamId, lo[0], lo[1], hi[0], hi[1], limit - 1) as [number, number] | undefined;
      if (start !== undefined) lo = [start[0], start[1] - 1];
    }
    // Rows reach the aggregate in the subquery's (index) order, ascending.
    const r = this.q(
      `SELECT json_group_array(json_object('timestamp', ts, 'message', message, 'ingestionTime', ingestion)) AS events,
              count(*) AS count, sum(length(CAST(message AS BLOB))) AS bytes
       FROM (SELECT ts, ingestion, message FROM log_events WHERE ${within} ORDER BY ts, id)`,
    ).get(streamId, lo[0], lo[1], hi[0], hi[1]) as { events: string; count: number; bytes: number | null };
    if ((r.bytes ?? 0) + r.count * overhead > maxBytes && r.count > 1) return undefined;
    if (r.count === 0) return { eventsJson: "[]", count: 0 };
    const first = this.q(`SELECT ts, id FROM log_events WHERE ${within} ORDER BY ts, id LIMIT 1`).raw(true).get(streamId, lo[0], lo[1], hi[0], hi[1]) as [number, number];
    const last = this.q(`SELECT ts, id FROM log_events WHERE ${within} ORDER BY ts DESC, id DESC LIMIT 1`).raw(true).get(streamId, lo[0], lo[1], hi[0], hi[1]) as [number, number];
    return { eventsJson: r.events, count: r.count, first, last };
  }

  /**
   * Events of a group (optionally only some streams) after `after`, ascending. `terms` lets
   * SQLite drop events that can't match a term pattern (case-sensitive substrings, as instr()).
   */
  groupForward(groupId: number, streamIds: number[] | undefined, after: Position, range: EventRange, limit: number, terms?: TermFilter): EventRow[] {
    const where = ["group_id = ?", "(ts, id) > (?, ?)", "ts >= ?", "ts < ?"];
    const args: unknown[] = [groupId, after[0], after[1], range.startTime, range.endTime];
    if (streamIds !== undefined) {
      where.push("stream_id IN (SELECT value FROM json_each(?))");
      args.push(JSON.stringify(streamIds));
    }
    for (const t of terms?.all ?? []) (where.push("instr(message, ?) > 0"), args.push(t));
    for (const t of terms?.none ?? []) (where.push("instr(message, ?) = 0"), args.push(t));
    if (terms !== undefined && terms.any.length > 0) {
      where.push(`(${terms.any.map(() => "instr(message, ?) > 0").join(" OR ")})`);
      args.push(...terms.any);
    }
    const rows = this.q(`SELECT id, stream_id, ts, ingestion, message FROM log_events WHERE ${where.join(" AND ")} ORDER BY ts, id LIMIT ?`).all(
      ...args,
      limit,
    ) as RawEvent[];
    return rows.map(toEvent);
  }

  /** The newest event id (0 when there are none): where a live tail starts. */
  lastEventId(): number {
    return (this.q(`SELECT coalesce(max(id), 0) AS id FROM log_events`).get() as { id: number }).id;
  }

  /** Events of some groups stored after event `afterId`, in the order they were stored (live tail). */
  groupsAfterId(groupIds: number[], afterId: number, limit: number): (EventRow & { groupId: number })[] {
    const rows = this.q(
      `SELECT id, group_id, stream_id, ts, ingestion, message FROM log_events
       WHERE id > ? AND group_id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`,
    ).all(afterId, JSON.stringify(groupIds), limit) as (RawEvent & { group_id: number })[];
    return rows.map((r) => ({ ...toEvent(r), groupId: r.group_id }));
  }

  /** Deletes a group's events older than `cutoff` (retention); true when any went. */
  expire(groupId: number, cutoff: number): boolean {
    const gone = this.db.transaction(() => {
      const r = this.q(`DELETE FROM log_events WHERE group_id = ? AND ts < ?`).run(groupId, cutoff);
      if (r.changes === 0) return false;
      // Keep the streams' statistics true to what is left.
      this.q(
        `UPDATE log_streams SET
           first_event = (SELECT min(ts) FROM log_events WHERE stream_id = log_streams.id),
           stored_bytes = coalesce((SELECT sum(length(CAST(message AS BLOB))) FROM log_events WHERE stream_id = log_streams.id), 0)
         WHERE group_id = ? AND first_event < ?`,
      ).run(groupId, cutoff);
      return true;
    })();
    if (gone) this.freeSpace();
    return gone;
  }

  /** Every group with a retention policy, for the sweeper. */
  groupsWithRetention(): { id: number; retentionDays: number }[] {
    return this.q(`SELECT id, retention_days AS retentionDays FROM log_groups WHERE retention_days IS NOT NULL`).all() as {
      id: number;
      retentionDays: number;
    }[];
  }

  /** Gives freed pages back to the file system. */
  private freeSpace(): void {
    this.db.pragma("incremental_vacuum");
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }
}
