/**
 * The embedded SQLite backend (better-sqlite3): one file in the data directory, WAL journal,
 * synchronous=FULL so a commit is on disk before the request is acknowledged. Writes go through
 * one connection, serialized by a queue; reads use a second connection and so see only
 * committed data, never a write transaction that is still open.
 */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { migrations } from "./migrations.js";
import type {
  AccountSettingRecord,
  ClusterRecord,
  ContainerInstanceRecord,
  Store,
  StoreTx,
  Tag,
  TaskDefinitionKey,
  TaskDefinitionListQuery,
  TaskDefinitionRecord,
  Page,
  TaskRecord,
  TaskListQuery,
  ClientTokenRecord,
} from "../store.js";

export const DATABASE_FILE = "berth.sqlite";

function open(file: string): Db {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}

function migrate(db: Db): void {
  const done = db.pragma("user_version", { simple: true }) as number;
  for (let i = done; i < migrations.length; i++) {
    db.transaction(() => {
      db.exec(migrations[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}

/**
 * A LIMIT written into the SQL text. Bound as a parameter, it makes SQLite (built with STAT4, as
 * better-sqlite3 is) re-prepare the statement on every run: ~10 µs each time. Page sizes are
 * small integers, so the statement cache holds few variants.
 */
function limit(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`bad LIMIT ${n}`);
  return n;
}

interface Row {
  [k: string]: unknown;
}

/** Prepared statements of one connection, and the repositories built on them. */
function repositories(db: Db): StoreTx {
  const cache = new Map<string, Statement>();
  const q = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const toCluster = (r: Row): ClusterRecord => ({
    region: r.region as string,
    name: r.name as string,
    arn: r.arn as string,
    status: r.status as ClusterRecord["status"],
    doc: JSON.parse(r.doc as string),
  });
  const toInstance = (r: Row): ContainerInstanceRecord => {
    const record: ContainerInstanceRecord = {
      region: r.region as string,
      cluster: r.cluster as string,
      id: r.id as string,
      arn: r.arn as string,
      ec2InstanceId: r.ec2_instance_id as string,
      status: r.status as ContainerInstanceRecord["status"],
      registeredAt: r.registered_at as number,
      doc: JSON.parse(r.doc as string),
    };
    if (r.agent_name !== null) record.agentName = r.agent_name as string;
    if (r.last_heartbeat_at !== null) record.lastHeartbeatAt = r.last_heartbeat_at as number;
    return record;
  };
  const toTask = (r: Row): TaskRecord => {
    const record: TaskRecord = {
      region: r.region as string,
      cluster: r.cluster as string,
      id: r.id as string,
      arn: r.arn as string,
      family: r.family as string,
      group: r.task_group as string,
      desiredStatus: r.desired_status as TaskRecord["desiredStatus"],
      lastStatus: r.last_status as string,
      launchType: r.launch_type as string,
      version: r.version as number,
      createdAt: r.created_at as number,
      doc: JSON.parse(r.doc as string),
    };
    if (r.container_instance_arn !== null) record.containerInstanceArn = r.container_instance_arn as string;
    if (r.started_by !== null) record.startedBy = r.started_by as string;
    if (r.stopped_at !== null) record.stoppedAt = r.stopped_at as number;
    if (r.private_ipv4 !== null) record.privateIpv4Address = r.private_ipv4 as string;
    return record;
  };
  const toTdKey = (r: Row): TaskDefinitionKey => ({
    region: r.region as string,
    family: r.family as string,
    revision: r.revision as number,
    arn: r.arn as string,
    status: r.status as TaskDefinitionRecord["status"],
  });
  const toTd = (r: Row): TaskDefinitionRecord => {
    const docJson = r.doc as string;
    let parsed: Record<string, unknown> | undefined;
    // The doc is parsed only if someone reads it (Describe answers from a cache keyed by docJson).
    return {
      ...toTdKey(r),
      docJson,
      get doc() {
        return (parsed ??= JSON.parse(docJson) as Record<string, unknown>);
      },
    };
  };

  return {
    clusters: {
      async get(region, name) {
        const r = q("SELECT * FROM clusters WHERE region = ? AND name = ?").get(region, name) as Row | undefined;
        return r && toCluster(r);
      },
      async put(c) {
        q(
          `INSERT INTO clusters (region, name, arn, status, doc) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (region, name) DO UPDATE SET arn = excluded.arn, status = excluded.status, doc = excluded.doc`,
        ).run(c.region, c.name, c.arn, c.status, JSON.stringify(c.doc));
      },
      async list(region, page: Page<string>) {
        const rows = q(`SELECT * FROM clusters WHERE region = ? AND name > ? ORDER BY name LIMIT ${limit(page.limit)}`).all(region, page.after ?? "") as Row[];
        return rows.map(toCluster);
      },
    },
    taskDefinitions: {
      async get(region, family, revision) {
        const r = q("SELECT * FROM task_definitions WHERE region = ? AND family = ? AND revision = ?").get(region, family, revision) as Row | undefined;
        return r && toTd(r);
      },
      async latestActive(region, family) {
        const r = q(
          "SELECT * FROM task_definitions WHERE region = ? AND family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1",
        ).get(region, family) as Row | undefined;
        return r && toTd(r);
      },
      async nextRevision(region, family) {
        const r = q(
          `INSERT INTO task_definition_families (region, family, last_revision) VALUES (?, ?, 1)
           ON CONFLICT (region, family) DO UPDATE SET last_revision = last_revision + 1
           RETURNING last_revision`,
        ).get(region, family) as Row;
        return r.last_revision as number;
      },
      async put(t) {
        q(
          `INSERT INTO task_definitions (region, family, revision, arn, status, doc) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (region, family, revision) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
        ).run(t.region, t.family, t.revision, t.arn, t.status, JSON.stringify(t.doc));
      },
      async list(region, query: TaskDefinitionListQuery, page: Page<[string, number]>) {
        const asc = query.sort === "ASC";
        const cmp = asc ? ">" : "<";
        const dir = asc ? "ASC" : "DESC";
        const where = ["region = ?", "status = ?"];
        const args: unknown[] = [region, query.status];
        if (query.family !== undefined) {
          where.push("family = ?");
          args.push(query.family);
        }
        if (page.after) {
          where.push(`(family, revision) ${cmp} (?, ?)`);
          args.push(page.after[0], page.after[1]);
        }
        // Only the ARN is read (each column costs per row); family and revision are its tail.
        const sql = `SELECT arn FROM task_definitions WHERE ${where.join(" AND ")} ORDER BY family ${dir}, revision ${dir} LIMIT ${limit(page.limit)}`;
        return (q(sql).pluck().all(...args) as string[]).map((arn): TaskDefinitionKey => {
          const slash = arn.lastIndexOf("/");
          const colon = arn.lastIndexOf(":");
          return { region, family: arn.slice(slash + 1, colon), revision: Number(arn.slice(colon + 1)), arn, status: query.status };
        });
      },
      async families(region, query, page: Page<string>) {
        const where = ["f.region = ?", "f.family > ?"];
        const args: unknown[] = [region, page.after ?? ""];
        if (query.prefix) {
          // A prefix match that ignores LIKE's wildcards.
          where.push("substr(f.family, 1, ?) = ?");
          args.push(query.prefix.length, query.prefix);
        }
        const active = "EXISTS (SELECT 1 FROM task_definitions t WHERE t.region = f.region AND t.family = f.family AND t.status = 'ACTIVE')";
        const any = "EXISTS (SELECT 1 FROM task_definitions t WHERE t.region = f.region AND t.family = f.family)";
        if (query.status === "ACTIVE") where.push(active);
        else if (query.status === "INACTIVE") where.push(`NOT ${active}`, any);
        else where.push(any);
        const sql = `SELECT f.family FROM task_definition_families f WHERE ${where.join(" AND ")} ORDER BY f.family LIMIT ${limit(page.limit)}`;
        return (q(sql).all(...args) as Row[]).map((r) => r.family as string);
      },
    },
    containerInstances: {
      async get(region, cluster, id) {
        const r = q("SELECT * FROM container_instances WHERE region = ? AND cluster = ? AND id = ?").get(region, cluster, id) as Row | undefined;
        return r && toInstance(r);
      },
      async byAgentName(region, cluster, agentName) {
        const r = q(
          `SELECT * FROM container_instances WHERE region = ? AND cluster = ? AND agent_name = ? AND status != 'INACTIVE'
           ORDER BY registered_at DESC LIMIT 1`,
        ).get(region, cluster, agentName) as Row | undefined;
        return r && toInstance(r);
      },
      async put(c) {
        q(
          `INSERT INTO container_instances (region, cluster, id, arn, ec2_instance_id, agent_name, status, registered_at, last_heartbeat_at, doc)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (region, cluster, id) DO UPDATE SET arn = excluded.arn, ec2_instance_id = excluded.ec2_instance_id,
             agent_name = excluded.agent_name, status = excluded.status, registered_at = excluded.registered_at,
             last_heartbeat_at = excluded.last_heartbeat_at, doc = excluded.doc`,
        ).run(c.region, c.cluster, c.id, c.arn, c.ec2InstanceId, c.agentName ?? null, c.status, c.registeredAt, c.lastHeartbeatAt ?? null, JSON.stringify(c.doc));
      },
      async touch(region, cluster, id, at) {
        return q("UPDATE container_instances SET last_heartbeat_at = ? WHERE region = ? AND cluster = ? AND id = ?").run(at, region, cluster, id).changes > 0;
      },
      async list(region, cluster, query, page: Page<string>) {
        const where = ["region = ?", "cluster = ?", "id > ?"];
        const args: unknown[] = [region, cluster, page.after ?? ""];
        if (query.statuses) {
          where.push(`status IN (${query.statuses.map(() => "?").join(", ") || "NULL"})`);
          args.push(...query.statuses);
        }
        const sql = `SELECT * FROM container_instances WHERE ${where.join(" AND ")} ORDER BY id LIMIT ${limit(page.limit)}`;
        return (q(sql).all(...args) as Row[]).map(toInstance);
      },
      async count(region, cluster, statuses) {
        if (statuses.length === 0) return 0;
        const sql = `SELECT COUNT(*) FROM container_instances WHERE region = ? AND cluster = ? AND status IN (${statuses.map(() => "?").join(", ")})`;
        return q(sql).pluck().get(region, cluster, ...statuses) as number;
      },
    },
    tasks: {
      async get(region, cluster, id) {
        const r = q("SELECT * FROM tasks WHERE region = ? AND cluster = ? AND id = ?").get(region, cluster, id) as Row | undefined;
        return r && toTask(r);
      },
      async put(t) {
        const before = q("SELECT desired_status, container_instance_arn FROM tasks WHERE region = ? AND cluster = ? AND id = ?").get(t.region, t.cluster, t.id) as
          | Row
          | undefined;
        q(
          `INSERT INTO tasks (region, cluster, id, arn, container_instance_arn, family, started_by, task_group, desired_status, last_status,
             launch_type, version, created_at, stopped_at, private_ipv4, doc)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (region, cluster, id) DO UPDATE SET arn = excluded.arn, container_instance_arn = excluded.container_instance_arn,
             family = excluded.family, started_by = excluded.started_by, task_group = excluded.task_group,
             desired_status = excluded.desired_status, last_status = excluded.last_status, launch_type = excluded.launch_type,
             version = excluded.version, created_at = excluded.created_at, stopped_at = excluded.stopped_at,
             private_ipv4 = excluded.private_ipv4, doc = excluded.doc`,
        ).run(
          t.region, t.cluster, t.id, t.arn, t.containerInstanceArn ?? null, t.family, t.startedBy ?? null, t.group, t.desiredStatus,
          t.lastStatus, t.launchType, t.version, t.createdAt, t.stoppedAt ?? null, t.privateIpv4Address ?? null, JSON.stringify(t.doc),
        );
        // The agent learns of new tasks and changed desired states by the instance's sequence.
        const changed = !before || before.desired_status !== t.desiredStatus || before.container_instance_arn !== (t.containerInstanceArn ?? null);
        if (changed && t.containerInstanceArn !== undefined) {
          q(
            `INSERT INTO instance_sequences (container_instance_arn, sequence) VALUES (?, 1)
             ON CONFLICT (container_instance_arn) DO UPDATE SET sequence = sequence + 1`,
          ).run(t.containerInstanceArn);
        }
      },
      async list(region, cluster, query: TaskListQuery, page: Page<string>) {
        const where = ["region = ?", "cluster = ?", "id > ?"];
        const args: unknown[] = [region, cluster, page.after ?? ""];
        const eq = (column: string, value: string | undefined) => {
          if (value === undefined) return;
          where.push(`${column} = ?`);
          args.push(value);
        };
        eq("container_instance_arn", query.containerInstanceArn);
        eq("family", query.family);
        eq("started_by", query.startedBy);
        eq("desired_status", query.desiredStatus);
        eq("launch_type", query.launchType);
        const sql = `SELECT * FROM tasks WHERE ${where.join(" AND ")} ORDER BY id LIMIT ${limit(page.limit)}`;
        return (q(sql).all(...args) as Row[]).map(toTask);
      },
      async countByLastStatus(region, cluster) {
        const rows = q("SELECT last_status, COUNT(*) AS n FROM tasks WHERE region = ? AND cluster = ? GROUP BY last_status").all(region, cluster) as Row[];
        return Object.fromEntries(rows.map((r) => [r.last_status as string, r.n as number]));
      },
      async assignedTo(containerInstanceArn) {
        const rows = q(
          `SELECT * FROM tasks WHERE container_instance_arn = ? AND (desired_status = 'RUNNING' OR last_status != 'STOPPED') ORDER BY id`,
        ).all(containerInstanceArn) as Row[];
        return rows.map(toTask);
      },
      async sequence(containerInstanceArn) {
        const n = q("SELECT sequence FROM instance_sequences WHERE container_instance_arn = ?").pluck().get(containerInstanceArn) as number | undefined;
        return n ?? 0;
      },
      async addressesInUse() {
        return q("SELECT private_ipv4 FROM tasks WHERE private_ipv4 IS NOT NULL AND last_status != 'STOPPED'").pluck().all() as string[];
      },
      async getClientToken(region, cluster, token) {
        const r = q("SELECT * FROM client_tokens WHERE region = ? AND cluster = ? AND token = ?").get(region, cluster, token) as Row | undefined;
        return (
          r && {
            region: r.region as string,
            cluster: r.cluster as string,
            token: r.token as string,
            requestHash: r.request_hash as string,
            response: JSON.parse(r.response as string),
            createdAt: r.created_at as number,
          }
        );
      },
      async putClientToken(c: ClientTokenRecord) {
        q(
          `INSERT INTO client_tokens (region, cluster, token, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (region, cluster, token) DO UPDATE SET request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at`,
        ).run(c.region, c.cluster, c.token, c.requestHash, JSON.stringify(c.response), c.createdAt);
      },
    },
    tags: {
      async get(arn) {
        return q("SELECT key, value FROM tags WHERE arn = ? ORDER BY position").all(arn) as Tag[];
      },
      async put(arn, tags) {
        const next = q("SELECT COALESCE(MAX(position), 0) AS p FROM tags WHERE arn = ?");
        const upsert = q(
          `INSERT INTO tags (arn, key, value, position) VALUES (?, ?, ?, ?)
           ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value`,
        );
        for (const t of tags) upsert.run(arn, t.key, t.value, ((next.get(arn) as Row).p as number) + 1);
      },
      async remove(arn, keys) {
        const del = q("DELETE FROM tags WHERE arn = ? AND key = ?");
        for (const k of keys) del.run(arn, k);
      },
    },
    accountSettings: {
      async get(region, principal, name) {
        return q("SELECT * FROM account_settings WHERE region = ? AND principal = ? AND name = ?").get(region, principal, name) as
          | AccountSettingRecord
          | undefined;
      },
      async put(s) {
        q(
          `INSERT INTO account_settings (region, principal, name, value) VALUES (?, ?, ?, ?)
           ON CONFLICT (region, principal, name) DO UPDATE SET value = excluded.value`,
        ).run(s.region, s.principal, s.name, s.value);
      },
      async delete(region, principal, name) {
        q("DELETE FROM account_settings WHERE region = ? AND principal = ? AND name = ?").run(region, principal, name);
      },
      async list(region, principal) {
        const rows =
          principal === undefined
            ? q("SELECT * FROM account_settings WHERE region = ? ORDER BY name, principal").all(region)
            : q("SELECT * FROM account_settings WHERE region = ? AND principal = ? ORDER BY name").all(region, principal);
        return rows as AccountSettingRecord[];
      },
    },
    meta: {
      async get(key) {
        const r = q("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
        return r?.value as string | undefined;
      },
      async put(key, value) {
        q("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
      },
    },
  };
}

export class SqliteStore implements Store {
  private readonly writer: Db;
  private readonly reader: Db;
  private readonly writeTx: StoreTx;
  private readonly readTx: StoreTx;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, DATABASE_FILE);
    this.writer = open(file);
    migrate(this.writer);
    this.reader = open(file);
    this.writeTx = repositories(this.writer);
    this.readTx = repositories(this.reader);
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return fn(this.readTx);
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.writer.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(this.writeTx);
        this.writer.exec("COMMIT");
        return result;
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
        throw err;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    this.reader.close();
    this.writer.close();
  }
}
