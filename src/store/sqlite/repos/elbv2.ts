/** The SQLite Elbv2Repo: four document tables of the same shape, and the targets table. */
import type { ElbResourceRecord, ElbResourceRepo, ElbTargetRecord, Elbv2Repo, TargetHealthState } from "../../elbv2.js";
import type { Query, Row } from "../statements.js";

const toResource = (r: Row): ElbResourceRecord => ({
  region: r.region as string,
  arn: r.arn as string,
  name: r.name as string,
  parentArn: r.parent_arn as string,
  doc: JSON.parse(r.doc as string),
});

function resourceRepo(q: Query, table: string): ElbResourceRepo {
  return {
    async get(arn) {
      const r = q(`SELECT * FROM ${table} WHERE arn = ?`).get(arn) as Row | undefined;
      return r && toResource(r);
    },
    async byName(region, name) {
      const r = q(`SELECT * FROM ${table} WHERE region = ? AND name = ?`).get(region, name) as Row | undefined;
      return r && toResource(r);
    },
    async put(rec) {
      q(
        `INSERT INTO ${table} (arn, region, name, parent_arn, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET doc = excluded.doc, parent_arn = excluded.parent_arn`,
      ).run(rec.arn, rec.region, rec.name, rec.parentArn, JSON.stringify(rec.doc));
    },
    async delete(arn) {
      q(`DELETE FROM ${table} WHERE arn = ?`).run(arn);
    },
    async list(region) {
      const rows = (region === undefined ? q(`SELECT * FROM ${table} ORDER BY seq`).all() : q(`SELECT * FROM ${table} WHERE region = ? ORDER BY seq`).all(region)) as Row[];
      return rows.map(toResource);
    },
    async children(parentArn) {
      return (q(`SELECT * FROM ${table} WHERE parent_arn = ? ORDER BY seq`).all(parentArn) as Row[]).map(toResource);
    },
  };
}

const toTarget = (r: Row): ElbTargetRecord => ({
  targetGroupArn: r.target_group_arn as string,
  id: r.id as string,
  port: r.port as number,
  availabilityZone: (r.availability_zone as string | null) ?? undefined,
  registeredAt: r.registered_at as number,
  drainUntil: (r.drain_until as number | null) ?? undefined,
  health: {
    state: r.health_state as TargetHealthState,
    reason: (r.health_reason as string | null) ?? undefined,
    description: (r.health_description as string | null) ?? undefined,
  },
});

export function elbv2Repo(q: Query): Elbv2Repo {
  return {
    loadBalancers: resourceRepo(q, "elb_load_balancers"),
    targetGroups: resourceRepo(q, "elb_target_groups"),
    listeners: resourceRepo(q, "elb_listeners"),
    rules: resourceRepo(q, "elb_rules"),
    targets: {
      async list(tg) {
        return (q("SELECT * FROM elb_targets WHERE target_group_arn = ? ORDER BY registered_at, id, port").all(tg) as Row[]).map(toTarget);
      },
      async all() {
        return (q("SELECT * FROM elb_targets ORDER BY target_group_arn, registered_at, id, port").all() as Row[]).map(toTarget);
      },
      async put(t) {
        q(
          `INSERT OR REPLACE INTO elb_targets (target_group_arn, id, port, availability_zone, registered_at, drain_until, health_state, health_reason, health_description)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(t.targetGroupArn, t.id, t.port, t.availabilityZone ?? null, t.registeredAt, t.drainUntil ?? null, t.health.state, t.health.reason ?? null, t.health.description ?? null);
      },
      async delete(tg, id, port) {
        q("DELETE FROM elb_targets WHERE target_group_arn = ? AND id = ? AND port = ?").run(tg, id, port);
      },
      async deleteGroup(tg) {
        q("DELETE FROM elb_targets WHERE target_group_arn = ?").run(tg);
      },
      async setHealth(tg, id, port, h) {
        const r = q(
          "UPDATE elb_targets SET health_state = ?, health_reason = ?, health_description = ? WHERE target_group_arn = ? AND id = ? AND port = ?",
        ).run(h.state, h.reason ?? null, h.description ?? null, tg, id, port);
        return r.changes > 0;
      },
    },
    async instanceIdExists(id) {
      return q("SELECT 1 FROM container_instances WHERE ec2_instance_id = ? LIMIT 1").get(id) !== undefined;
    },
  };
}
