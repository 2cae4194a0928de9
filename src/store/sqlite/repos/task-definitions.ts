/** The SQLite TaskDefinitionRepo. */
import type { TaskDefinitionRepo, TaskDefinitionKey, TaskDefinitionListQuery, TaskDefinitionRecord, Page } from "../../store.js";
import { type Memo, type Query, type Row, limit, noMemo } from "../statements.js";

const toTd = (r: Row): TaskDefinitionRecord => {
  const docJson = r.doc as string;
  let parsed: Record<string, unknown> | undefined;
  // The doc is parsed only if someone reads it (Describe answers from a cache keyed by docJson).
  return {
    region: r.region as string,
    family: r.family as string,
    revision: r.revision as number,
    arn: r.arn as string,
    status: r.status as TaskDefinitionRecord["status"],
    docJson,
    get doc() {
      return (parsed ??= JSON.parse(docJson) as Record<string, unknown>);
    },
  };
};

/** `memo` keeps get/latestActive/list results until the next commit (reader side only; see ReadMemo). */
export function taskDefinitionsRepo(q: Query, memo: Memo = noMemo): TaskDefinitionRepo {
  return {
    async get(region, family, revision) {
      const r = memo(`td.get\n${region}\n${family}\n${revision}`, () =>
        q("SELECT * FROM task_definitions WHERE region = ? AND family = ? AND revision = ?").get(region, family, revision) as Row | undefined,
      );
      return r && toTd(r);
    },
    async latestActive(region, family) {
      const r = memo(`td.latest\n${region}\n${family}`, () =>
        q("SELECT * FROM task_definitions WHERE region = ? AND family = ? AND status = 'ACTIVE' ORDER BY revision DESC LIMIT 1").get(region, family) as
          | Row
          | undefined,
      );
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
      // The keys are frozen because the memo shares them; the array is the caller's own.
      const keys = memo(`td.list\n${sql}\n${JSON.stringify(args)}`, () =>
        (q(sql).pluck().all(...args) as string[]).map((arn): TaskDefinitionKey => {
          const slash = arn.lastIndexOf("/");
          const colon = arn.lastIndexOf(":");
          return Object.freeze({ region, family: arn.slice(slash + 1, colon), revision: Number(arn.slice(colon + 1)), arn, status: query.status });
        }),
      );
      return keys.slice();
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
  };
}
