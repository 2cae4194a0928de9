/**
 * StartLiveTail: an event stream (src/protocol/event-stream.ts) that starts with `sessionStart`
 * and then, about every half second, a `sessionUpdate` with the events stored since in the
 * chosen log groups (all streams, named ones, or those with a name prefix) that match the filter
 * pattern (filter-pattern/). At most 500 events go in one update; beyond that the update is
 * marked sampled and the rest are skipped, as CloudWatch samples. After 3 hours the session ends
 * with SessionTimeoutException. The SDK sends this call to a `stream-` prefixed host (see README).
 */
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../../server/service.js";
import { EventStreamOutput, type StreamEvent } from "../../../protocol/event-stream.js";
import { invalidParameter } from "../errors.js";
import { matches } from "../filter-pattern/match.js";
import { FilterPatternError, parseFilterPattern } from "../filter-pattern/parse.js";
import type { FilterPattern } from "../filter-pattern/ast.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";

export interface StartLiveTailRequest {
  logGroupIdentifiers: string[];
  logStreamNames?: string[];
  logStreamNamePrefixes?: string[];
  logEventFilterPattern?: string;
}

export const LIVE_TAIL_POLL_MS = 500;
export const LIVE_TAIL_MAX_EVENTS_PER_UPDATE = 500;
export const LIVE_TAIL_SESSION_MS = 3 * 3_600_000;

function parse(pattern: string | undefined): FilterPattern {
  try {
    return parseFilterPattern(pattern ?? "");
  } catch (e) {
    if (e instanceof FilterPatternError) throw invalidParameter("Invalid filter pattern");
    throw e;
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });

export async function startLiveTail(input: StartLiveTailRequest, ctx: RequestContext): Promise<EventStreamOutput> {
  const logs = logStoreOf(ctx);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefixes !== undefined) {
    throw invalidParameter("logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.");
  }
  if ((input.logStreamNames !== undefined || input.logStreamNamePrefixes !== undefined) && input.logGroupIdentifiers.length !== 1) {
    throw invalidParameter("Only one log group can be specified when logStreamNames or logStreamNamePrefixes is specified.");
  }
  const groups = input.logGroupIdentifiers.map((identifier) => ({ identifier, group: requireGroup(logs, ctx, { logGroupIdentifier: identifier }) }));
  const pattern = parse(input.logEventFilterPattern);
  const identifierOf = new Map(groups.map((g) => [g.group.id, g.identifier]));
  const names = input.logStreamNames && new Set(input.logStreamNames);
  const prefixes = input.logStreamNamePrefixes;
  const wanted = (stream: string) => (names === undefined || names.has(stream)) && (prefixes === undefined || prefixes.some((p) => stream.startsWith(p)));
  const start = logs.lastEventId();
  const sessionId = randomUUID();
  const startedAt = Date.now();

  async function* events(signal: AbortSignal): AsyncIterable<StreamEvent> {
    yield {
      eventType: "sessionStart",
      payload: {
        requestId: ctx.requestId,
        sessionId,
        logGroupIdentifiers: input.logGroupIdentifiers,
        ...(input.logStreamNames && { logStreamNames: input.logStreamNames }),
        ...(input.logStreamNamePrefixes && { logStreamNamePrefixes: input.logStreamNamePrefixes }),
        ...(input.logEventFilterPattern !== undefined && { logEventFilterPattern: input.logEventFilterPattern }),
      },
    };
    let after = start;
    const streamNames = new Map<number, string>();
    while (!signal.aborted) {
      await pause(LIVE_TAIL_POLL_MS, signal);
      if (signal.aborted) return;
      if (Date.now() - startedAt >= LIVE_TAIL_SESSION_MS) {
        yield { exceptionType: "SessionTimeoutException", payload: { message: "Session timed out after 3 hours." } };
        return;
      }
      const results: Record<string, unknown>[] = [];
      let sampled = false;
      for (;;) {
        const rows = logs.groupsAfterId([...identifierOf.keys()], after, 10_000);
        const unknown = [...new Set(rows.map((r) => r.streamId))].filter((id) => !streamNames.has(id));
        for (const [id, s] of logs.streamsById(unknown)) streamNames.set(id, s.name);
        for (const r of rows) {
          after = r.id;
          const stream = streamNames.get(r.streamId) ?? "";
          if (!wanted(stream) || !matches(pattern, r.message)) continue;
          if (results.length >= LIVE_TAIL_MAX_EVENTS_PER_UPDATE) {
            sampled = true;
            continue;
          }
          results.push({ logStreamName: stream, logGroupIdentifier: identifierOf.get(r.groupId), message: r.message, timestamp: r.timestamp, ingestionTime: r.ingestionTime });
        }
        if (rows.length < 10_000) break;
      }
      if (results.length > 0) yield { eventType: "sessionUpdate", payload: { sessionMetadata: { sampled }, sessionResults: results } };
    }
  }
  return new EventStreamOutput(events);
}
