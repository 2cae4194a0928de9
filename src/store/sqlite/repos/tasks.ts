/** The SQLite TaskRepo. */
import type { TaskRepo, TaskRecord, TaskListQuery, ClientTokenRecord, Page } from "../../store.js";
import { type Query, type Row, limit } from "../statements.js";

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

export function tasksRepo(q: Query): TaskRepo {
  return {
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
      const changed =
        !before || t.reassigned === true || before.desired_status !== t.desiredStatus || before.container_instance_arn !== (t.containerInstanceArn ?? null);
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
      eq("task_group", query.group);
      if (query.notStopped) where.push("last_status != 'STOPPED'");
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
  };
}
