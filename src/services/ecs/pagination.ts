/**
 * ECS pagination: `maxResults` within 1..100 with a per-operation default, and opaque signed
 * `nextToken`s bound to the operation and its filters. A token that was tampered with, or that
 * belongs to another listing, is an InvalidParameterException.
 */
import type { RequestContext } from "../../server/service.js";
import { invalidParameter } from "./errors.js";

export interface PageRequest {
  nextToken?: string;
  maxResults?: number;
}

export interface PagePlan<K> {
  after?: K;
  /** Rows to fetch: the page size plus one, to know whether another page follows. */
  fetch: number;
  /** Turn the fetched rows into this page's items and its nextToken. */
  finish<R>(rows: R[], keyOf: (row: R) => K): { items: R[]; nextToken?: string };
}

export function planPage<K>(ctx: RequestContext, scope: unknown, req: PageRequest, defaultSize: number, maxSize = 100): PagePlan<K> {
  const size = req.maxResults ?? defaultSize;
  if (size < 1 || size > maxSize) throw invalidParameter(`maxResults must be between 1 and ${maxSize}.`);
  const scopeKey = JSON.stringify(scope);
  let after: K | undefined;
  if (req.nextToken !== undefined) {
    const decoded = ctx.tokens.decode(scopeKey, req.nextToken) as { a: K } | undefined;
    if (!decoded || typeof decoded !== "object" || !("a" in decoded)) throw invalidParameter("Invalid nextToken.");
    after = decoded.a;
  }
  return {
    after,
    fetch: size + 1,
    finish(rows, keyOf) {
      if (rows.length <= size) return { items: rows };
      const items = rows.slice(0, size);
      return { items, nextToken: ctx.tokens.encode(scopeKey, { a: keyOf(items[items.length - 1]!) }) };
    },
  };
}
