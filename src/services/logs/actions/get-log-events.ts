/**
 * GetLogEvents: one stream's events in a time range, a page at a time, with CloudWatch's
 * forward and backward tokens (event-tokens.ts). Without a token, startFromHead=false (the
 * default) gives the newest events; a page holds up to `limit` events (default 10,000) and 1 MB.
 */
import type { RequestContext } from "../../../server/service.js";
import { streamNotFound, invalidToken } from "../errors.js";
import { HEAD, TAIL, decodeEventToken, encodeEventToken, type EventToken } from "../event-tokens.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from "../put-rules.js";
import { retentionCutoff } from "../retention.js";
import type { EventRow, Position } from "../store/log-store.js";

export interface GetLogEventsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamName: string;
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit?: number;
  startFromHead?: boolean;
}

/** The longest run of `rows` (from its start, or from its end) that fits in a 1 MB response. */
function fit(rows: EventRow[], fromEnd: boolean): EventRow[] {
  let bytes = 0;
  const order = fromEnd ? [...rows].reverse() : rows;
  let n = 0;
  for (const r of order) {
    bytes += Buffer.byteLength(r.message, "utf8") + EVENT_OVERHEAD_BYTES;
    if (bytes > MAX_BATCH_BYTES && n > 0) break;
    n++;
  }
  return fromEnd ? rows.slice(rows.length - n) : rows.slice(0, n);
}

export async function getLogEvents(input: GetLogEventsRequest, ctx: RequestContext) {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  const s = logs.stream(g.id, input.logStreamName);
  if (s === undefined) throw streamNotFound();
  let token: EventToken | undefined;
  if (input.nextToken !== undefined) {
    token = decodeEventToken(input.nextToken);
    if (token === undefined) throw invalidToken();
  }
  const range = {
    startTime: Math.max(input.startTime ?? 0, retentionCutoff(g.retentionDays, ctx.now.getTime())),
    endTime: input.endTime ?? Number.MAX_SAFE_INTEGER,
  };
  const limit = input.limit ?? 10_000;
  const forward = token ? token.direction === "f" : (input.startFromHead ?? false);
  const from: Position = token?.position ?? (forward ? HEAD : TAIL);
  const rows = forward ? fit(logs.streamForward(s.id, from, range, limit), false) : fit(logs.streamBackward(s.id, from, range, limit), true);
  const first = rows[0];
  const last = rows.at(-1);
  // At an end of the stream, the token passed comes back unchanged.
  const fwd = last ? encodeEventToken({ direction: "f", position: [last.timestamp, last.id] }) : encodeEventToken({ direction: "f", position: token?.position ?? HEAD });
  const bwd = first ? encodeEventToken({ direction: "b", position: [first.timestamp, first.id] }) : encodeEventToken({ direction: "b", position: token?.position ?? HEAD });
  return {
    events: rows.map((r) => ({ timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestionTime })),
    nextForwardToken: fwd,
    nextBackwardToken: bwd,
  };
}
