/** Prepared statements of one connection, cached by SQL text, and helpers for writing SQL. */
import type { Database as Db, Statement } from "better-sqlite3";

export type Query = (sql: string) => Statement;

export interface Row {
  [k: string]: unknown;
}

export function statementCache(db: Db): Query {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
}


/**
 * A LIMIT written into the SQL text. Bound as a parameter, it makes SQLite (built with STAT4, as
 * better-sqlite3 is) re-prepare the statement on every run: ~10 µs each time. Page sizes are
 * small integers, so the statement cache holds few variants.
 */
export function limit(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new Error(`bad LIMIT ${n}`);
  return n;
}
