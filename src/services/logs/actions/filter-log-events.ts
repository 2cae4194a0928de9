/**
 * FilterLogEvents: a group's events (all streams, named ones, or those with a name prefix) in
 * timestamp order, kept when they match the filter pattern. One call examines at most
 * SCAN_BUDGET events; when it stops early (limit, 1 MB, or budget) it returns a nextToken, so a
 * page may be short or even empty while more remains, as CloudWatch documents.
 */
import type { RequestContext } from "../../../server/service.js";
import { invalidParameter, invalidToken } from "../errors.js";
import { matches } from "../filter-pattern/match.js";
import { FilterPatternError, parseFilterPattern } from "../filter-pattern/parse.js";
import type { FilterPattern } from "../filter-pattern/ast.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";
import { EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES } from "../put-rules.js";
import { retentionCutoff } from "../retention.js";
import { HEAD } from "../event-tokens.js";
import type { Position } from "../store/log-store.js";

export interface FilterLogEventsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

export const SCAN_BUDGET = 1_000_000;
const CHUNK = 5_000;

function parse(pattern: string | undefined): FilterPattern {
  try {
    return parseFilterPattern(pattern ?? "");
  } catch (e) {
    if (e instanceof FilterPatternError) throw invalidParameter("Invalid filter pattern");
    throw e;
  }
}

export async function filterLogEvents(input: FilterLogEventsRequest, ctx: RequestContext) {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  }
  const pattern = parse(input.filterPattern);
  // Term patterns are filtered by SQLite itself; the others row by row here.
  const terms = pattern.kind === "terms" ? pattern : undefined;
  const match = (m: string) => terms !== undefined || matches(pattern, m);
  let streamIds: number[] | undefined;
  if (input.logStreamNames !== undefined) {
    streamIds = input.logStreamNames.map((n) => logs.stream(g.id, n)?.id).filter((id): id is number => id !== undefined);
  } else if (input.logStreamNamePrefix !== undefined) {
    streamIds = logs.streams(g.id, { prefix: input.logStreamNamePrefix, orderBy: "LogStreamName", descending: false, limit: -1 }).map((s) => s.id);
  }
  const scope = `logs.FilterLogEvents:${g.id}`;
  let after: Position = HEAD;
  if (input.nextToken !== undefined) {
    const pos = ctx.tokens.decode(scope, input.nextToken);
    if (!Array.isArray(pos) || pos.length !== 2 || !pos.every(Number.isSafeInteger)) throw invalidToken();
    after = [pos[0] as number, pos[1] as number];
  }
  const range = {
    startTime: Math.max(input.startTime ?? 0, retentionCutoff(g.retentionDays, ctx.now.getTime())),
    endTime: input.endTime ?? Number.MAX_SAFE_INTEGER,
  };
  const limit = input.limit ?? 10_000;
  const names = new Map<number, string>();
  const events: Record<string, unknown>[] = [];
  let bytes = 0;
  let scanned = 0;
  let more = false;
  if (streamIds === undefined || streamIds.length > 0) {
    scan: while (true) {
      const rows = logs.groupForward(g.id, streamIds, after, range, CHUNK, terms);
      for (const r of rows) {
        if (!match(r.message)) {
          after = [r.timestamp, r.id];
          continue;
        }
        const size = Buffer.byteLength(r.message, "utf8") + EVENT_OVERHEAD_BYTES;
        if (events.length >= limit || bytes + size > MAX_BATCH_BYTES) {
          more = true;
          break scan;
        }
        after = [r.timestamp, r.id];
        bytes += size;
        let name = names.get(r.streamId);
        if (name === undefined) {
          name = logs.streamsById([r.streamId]).get(r.streamId)?.name ?? "";
          names.set(r.streamId, name);
        }
        events.push({ logStreamName: name, timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestionTime, eventId: String(r.id).padStart(56, "0") });
      }
      scanned += rows.length;
      if (rows.length < CHUNK) break;
      if (scanned >= SCAN_BUDGET) {
        more = true;
        break;
      }
    }
  }
  return {
    events,
    searchedLogStreams: [],
    ...(more ? { nextToken: ctx.tokens.encode(scope, after) } : {}),
  };
}
