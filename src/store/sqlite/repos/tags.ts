/** The SQLite TagRepo. */
import type { TagRepo, Tag } from "../../store.js";
import { type Query, type Row } from "../statements.js";

export function tagsRepo(q: Query): TagRepo {
  return {
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
  };
}
