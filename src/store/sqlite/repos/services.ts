/** The SQLite ServiceRepo. */
import type { Page, ServiceListQuery, ServiceRecord, ServiceRepo } from "../../store.js";
import { type Query, type Row, limit } from "../statements.js";

const toService = (r: Row): ServiceRecord => {
  const record: ServiceRecord = {
    region: r.region as string,
    cluster: r.cluster as string,
    name: r.name as string,
    arn: r.arn as string,
    status: r.status as ServiceRecord["status"],
    schedulingStrategy: r.scheduling_strategy as ServiceRecord["schedulingStrategy"],
    version: r.version as number,
    createdAt: r.created_at as number,
    doc: JSON.parse(r.doc as string),
  };
  if (r.launch_type !== null) record.launchType = r.launch_type as string;
  return record;
};

export function servicesRepo(q: Query): ServiceRepo {
  return {
    async get(region, cluster, name) {
      const r = q("SELECT * FROM services WHERE region = ? AND cluster = ? AND name = ?").get(region, cluster, name) as Row | undefined;
      return r && toService(r);
    },
    async put(s) {
      q(
        `INSERT INTO services (region, cluster, name, arn, status, scheduling_strategy, launch_type, version, created_at, doc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, cluster, name) DO UPDATE SET arn = excluded.arn, status = excluded.status,
           scheduling_strategy = excluded.scheduling_strategy, launch_type = excluded.launch_type, version = excluded.version,
           created_at = excluded.created_at, doc = excluded.doc`,
      ).run(s.region, s.cluster, s.name, s.arn, s.status, s.schedulingStrategy, s.launchType ?? null, s.version, s.createdAt, JSON.stringify(s.doc));
    },
    async list(region, cluster, query: ServiceListQuery, page: Page<string>) {
      const where = ["region = ?", "cluster = ?", "name > ?"];
      const args: unknown[] = [region, cluster, page.after ?? ""];
      if (query.statuses) {
        where.push(`status IN (${query.statuses.map(() => "?").join(", ") || "NULL"})`);
        args.push(...query.statuses);
      }
      if (query.launchType !== undefined) {
        where.push("launch_type = ?");
        args.push(query.launchType);
      }
      if (query.schedulingStrategy !== undefined) {
        where.push("scheduling_strategy = ?");
        args.push(query.schedulingStrategy);
      }
      const sql = `SELECT * FROM services WHERE ${where.join(" AND ")} ORDER BY name LIMIT ${limit(page.limit)}`;
      return (q(sql).all(...args) as Row[]).map(toService);
    },
    async count(region, cluster, statuses) {
      if (statuses.length === 0) return 0;
      const sql = `SELECT COUNT(*) FROM services WHERE region = ? AND cluster = ? AND status IN (${statuses.map(() => "?").join(", ")})`;
      return q(sql).pluck().get(region, cluster, ...statuses) as number;
    },
    async live() {
      return (q("SELECT * FROM services WHERE status != 'INACTIVE' ORDER BY region, cluster, name").all() as Row[]).map(toService);
    },
  };
}
