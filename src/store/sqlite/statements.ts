/**
 * Prepared statements of one connection, cached by SQL text; a memo of hot reads that lasts until
 * the next commit; helpers for writing SQL.
 */
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

/**
 * Results of hot read queries on the reader connection, kept until the store commits again. The
 * store bumps its generation after every commit, and it is the only writer of its database file
 * (one server per data directory), so a result read at the current generation is exactly what
 * the query would return now. Callers must not modify what they get (map it into new objects).
 * The writer's repositories get no memo: inside a transaction they must see its own writes.
 */
export class ReadMemo {
  private generation = -1;
  private readonly results = new Map<string, unknown>();

  constructor(
    private readonly currentGeneration: () => number,
    private readonly maxEntries = 4096,
  ) {}

  get<T>(key: string, load: () => T): T {
    const now = this.currentGeneration();
    if (now !== this.generation) {
      this.results.clear();
      this.generation = now;
    } else if (this.results.has(key)) {
      return this.results.get(key) as T;
    }
    const value = load();
    if (this.results.size >= this.maxEntries) this.results.clear();
    this.results.set(key, value);
    return value;
  }
}

/** What a repository reads through: a memo on the reader connection, straight through on the writer. */
export type Memo = <T>(key: string, load: () => T) => T;

export const noMemo: Memo = (_key, load) => load();

export const memoOf = (m: ReadMemo): Memo => (key, load) => m.get(key, load);
