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
import type { EventRange, EventRow, LogStore, Position, StreamPage } from "../store/log-store.js";
import { JsonText } from "../../../protocol/json-text.js";

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

/** A page over 1 MB: its rows, trimmed from the side the page is read from. */
function trimmedPage(logs: LogStore, streamId: number, from: Position, range: EventRange, limit: number, forward: boolean): StreamPage {
  const rows = forward ? fit(logs.streamForward(streamId, from, range, limit), false) : fit(logs.streamBackward(streamId, from, range, limit), true);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    eventsJson: JSON.stringify(rows.map((r) => ({ timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestionTime }))),
    count: rows.length,
    ...(first && { first: [first.timestamp, first.id] as const }),
    ...(last && { last: [last.timestamp, last.id] as const }),
  };
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
  // SQLite writes the page's JSON; a page over 1 MB is trimmed from the side it is read from.
  const page = logs.streamPage(s.id, from, range, limit, forward, MAX_BATCH_BYTES, EVENT_OVERHEAD_BYTES) ?? trimmedPage(logs, s.id, from, range, limit, forward);
  // At an end of the stream, the token passed comes back unchanged.
  const fwd = encodeEventToken({ direction: "f", position: page.last ?? token?.position ?? HEAD });
  const bwd = encodeEventToken({ direction: "b", position: page.first ?? token?.position ?? HEAD });
  return new JsonText(`{"events":${page.eventsJson},"nextForwardToken":${JSON.stringify(fwd)},"nextBackwardToken":${JSON.stringify(bwd)}}`);
}
