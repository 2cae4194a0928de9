/** The SQLite ContainerInstanceRepo. */
import type { ContainerInstanceRepo, ContainerInstanceRecord, Page } from "../../store.js";
import { type Query, type Row, limit } from "../statements.js";

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

export function containerInstancesRepo(q: Query): ContainerInstanceRepo {
  return {
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
    async everywhere(statuses) {
      if (statuses.length === 0) return [];
      const sql = `SELECT * FROM container_instances WHERE status IN (${statuses.map(() => "?").join(", ")}) ORDER BY region, cluster, id`;
      return (q(sql).all(...statuses) as Row[]).map(toInstance);
    },
  };
}
