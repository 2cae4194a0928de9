/** The SQLite CloudFormationRepo: stacks, stack resources, stack events, change sets. */
import type { ChangeSetRecord, CloudFormationRepo, StackRecord } from "../../store.js";
import type { Query, Row } from "../statements.js";

const toStack = (r: Row): StackRecord => ({
  region: r.region as string,
  stackId: r.stack_id as string,
  name: r.name as string,
  status: r.status as string,
  createdAt: r.created_at as number,
  doc: JSON.parse(r.doc as string),
});
const toChangeSet = (r: Row): ChangeSetRecord => ({
  region: r.region as string,
  id: r.id as string,
  stackId: r.stack_id as string,
  name: r.name as string,
  doc: JSON.parse(r.doc as string),
});

export function cloudformationRepo(q: Query): CloudFormationRepo {
  return {
    async getStack(region, nameOrId) {
      const r = nameOrId.startsWith("arn:")
        ? (q("SELECT * FROM cfn_stacks WHERE stack_id = ? AND region = ?").get(nameOrId, region) as Row | undefined)
        : (q("SELECT * FROM cfn_stacks WHERE region = ? AND name = ? AND status != 'DELETE_COMPLETE' ORDER BY created_at DESC LIMIT 1").get(region, nameOrId) as Row | undefined);
      return r && toStack(r);
    },
    async putStack(s) {
      q(
        `INSERT INTO cfn_stacks (region, stack_id, name, status, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (stack_id) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
      ).run(s.region, s.stackId, s.name, s.status, s.createdAt, JSON.stringify(s.doc));
    },
    async listStacks(region) {
      return (q("SELECT * FROM cfn_stacks WHERE region = ? ORDER BY created_at DESC, stack_id").all(region) as Row[]).map(toStack);
    },
    async stacksWithStatus(like) {
      return (q("SELECT * FROM cfn_stacks WHERE status LIKE ? AND status != 'DELETE_COMPLETE' ORDER BY created_at").all(like) as Row[]).map(toStack);
    },
    async resources(stackId) {
      const rows = q("SELECT * FROM cfn_stack_resources WHERE stack_id = ? ORDER BY logical_id").all(stackId) as Row[];
      return rows.map((r) => ({ stackId: r.stack_id as string, logicalId: r.logical_id as string, doc: JSON.parse(r.doc as string) }));
    },
    async putResource(r) {
      q(
        `INSERT INTO cfn_stack_resources (stack_id, logical_id, doc) VALUES (?, ?, ?)
         ON CONFLICT (stack_id, logical_id) DO UPDATE SET doc = excluded.doc`,
      ).run(r.stackId, r.logicalId, JSON.stringify(r.doc));
    },
    async deleteResource(stackId, logicalId) {
      q("DELETE FROM cfn_stack_resources WHERE stack_id = ? AND logical_id = ?").run(stackId, logicalId);
    },
    async addEvent(e) {
      q("INSERT INTO cfn_stack_events (stack_id, doc) VALUES (?, ?)").run(e.stackId, JSON.stringify(e.doc));
    },
    async events(stackId) {
      const rows = q("SELECT * FROM cfn_stack_events WHERE stack_id = ? ORDER BY seq DESC").all(stackId) as Row[];
      return rows.map((r) => ({ stackId: r.stack_id as string, doc: JSON.parse(r.doc as string) }));
    },
    async getChangeSet(region, id) {
      const r = q("SELECT * FROM cfn_change_sets WHERE id = ? AND region = ?").get(id, region) as Row | undefined;
      return r && toChangeSet(r);
    },
    async changeSetByName(stackId, name) {
      const r = q("SELECT * FROM cfn_change_sets WHERE stack_id = ? AND name = ?").get(stackId, name) as Row | undefined;
      return r && toChangeSet(r);
    },
    async putChangeSet(c) {
      q(
        `INSERT INTO cfn_change_sets (region, id, stack_id, name, doc) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
      ).run(c.region, c.id, c.stackId, c.name, JSON.stringify(c.doc));
    },
    async deleteChangeSet(id) {
      q("DELETE FROM cfn_change_sets WHERE id = ?").run(id);
    },
    async changeSets(stackId) {
      return (q("SELECT * FROM cfn_change_sets WHERE stack_id = ? ORDER BY name").all(stackId) as Row[]).map(toChangeSet);
    },
  };
}
