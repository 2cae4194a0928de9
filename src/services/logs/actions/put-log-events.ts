import type { RequestContext } from "../../../server/service.js";
import { streamNotFound } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";
import { judgeBatch } from "../put-rules.js";

export interface PutLogEventsRequest {
  logGroupName: string;
  logStreamName: string;
  logEvents: { timestamp: number; message: string }[];
  sequenceToken?: string;
}

/** Appends a batch under CloudWatch's rules (put-rules.ts); the sequence token is ignored, as in AWS. */
export async function putLogEvents(input: PutLogEventsRequest, ctx: RequestContext) {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  const s = logs.stream(g.id, input.logStreamName);
  if (s === undefined) throw streamNotFound();
  const now = ctx.now.getTime();
  const verdict = judgeBatch(input.logEvents, now, g.retentionDays);
  logs.append(s, input.logEvents.slice(verdict.start, verdict.end), now);
  return {
    nextSequenceToken: String(now).padStart(56, "0"),
    ...(verdict.rejected ? { rejectedLogEventsInfo: verdict.rejected } : {}),
  };
}
