/**
 * Cloud Map pagination: MaxResults 1..100 (the model checks the bounds), 100 by default, and signed
 * NextTokens bound to the operation and its filters (server/page-tokens.ts). A bad token is InvalidInput.
 */
import type { RequestContext } from "../../server/service.js";
import { invalidInput } from "./errors.js";

export interface CloudMapPage {
  after?: string;
  size: number;
  /** The page's items and its NextToken from the rows read (read size + 1 to know if more follow). */
  finish<R>(rows: R[], keyOf: (row: R) => string): { items: R[]; NextToken?: string };
}

export function planPage(ctx: RequestContext, scope: unknown, req: { NextToken?: string; MaxResults?: number }, defaultSize = 100): CloudMapPage {
  const size = req.MaxResults ?? defaultSize;
  const key = JSON.stringify(scope);
  let after: string | undefined;
  if (req.NextToken !== undefined) {
    const d = ctx.tokens.decode(key, req.NextToken) as { a?: unknown } | undefined;
    if (!d || typeof d.a !== "string") throw invalidInput("The NextToken is not valid.");
    after = d.a;
  }
  return {
    after,
    size,
    finish(rows, keyOf) {
      if (rows.length <= size) return { items: rows };
      const items = rows.slice(0, size);
      return { items, NextToken: ctx.tokens.encode(key, { a: keyOf(items[items.length - 1]!) }) };
    },
  };
}

/** Read every row of an id-ordered listing that passes `keep`, a page at a time, up to `want` rows. */
export async function collect<R>(
  read: (after: string | undefined, limit: number) => Promise<R[]>,
  keyOf: (r: R) => string,
  keep: (r: R) => boolean,
  after: string | undefined,
  want: number,
): Promise<R[]> {
  const out: R[] = [];
  for (;;) {
    const rows = await read(after, 200);
    for (const r of rows) if (keep(r)) out.push(r);
    if (rows.length < 200 || out.length >= want) return out.slice(0, want);
    after = keyOf(rows[rows.length - 1]!);
  }
}
