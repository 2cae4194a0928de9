/** The SQLite ClusterRepo. */
import type { ClusterRepo, ClusterRecord, Page } from "../../store.js";
import { type Query, type Row, limit } from "../statements.js";

const toCluster = (r: Row): ClusterRecord => ({
  region: r.region as string,
  name: r.name as string,
  arn: r.arn as string,
  status: r.status as ClusterRecord["status"],
  doc: JSON.parse(r.doc as string),
});

export function clustersRepo(q: Query): ClusterRepo {
  return {
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
  };
}
