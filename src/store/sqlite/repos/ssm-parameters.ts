/** The SQLite SsmParameterRepo. */
import type { SsmParameterRepo } from "../../store.js";
import type { Query, Row } from "../statements.js";

export function ssmParametersRepo(q: Query): SsmParameterRepo {
  const toRecord = (r: Row) => ({ region: r.region as string, name: r.name as string, doc: JSON.parse(r.doc as string) });
  return {
    async get(region, name) {
      const r = q("SELECT * FROM ssm_parameters WHERE region = ? AND name = ?").get(region, name) as Row | undefined;
      return r && toRecord(r);
    },
    async put(p) {
      q(`INSERT INTO ssm_parameters (region, name, doc) VALUES (?, ?, ?) ON CONFLICT (region, name) DO UPDATE SET doc = excluded.doc`).run(p.region, p.name, JSON.stringify(p.doc));
    },
    async delete(region, name) {
      return q("DELETE FROM ssm_parameters WHERE region = ? AND name = ?").run(region, name).changes > 0;
    },
    async list(region) {
      return (q("SELECT * FROM ssm_parameters WHERE region = ? ORDER BY name").all(region) as Row[]).map(toRecord);
    },
  };
}
