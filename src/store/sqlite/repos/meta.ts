/** The SQLite MetaRepo. */
import type { MetaRepo } from "../../store.js";
import { type Query, type Row } from "../statements.js";

export function metaRepo(q: Query): MetaRepo {
  return {
    async get(key) {
      const r = q("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
      return r?.value as string | undefined;
    },
    async put(key, value) {
      q("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
    },
  };
}
